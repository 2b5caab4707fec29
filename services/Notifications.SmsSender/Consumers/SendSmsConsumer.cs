using MassTransit;
using StackExchange.Redis;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Guard;
using Notifications.SmsSender.Lookup;
using Notifications.SmsSender.Webhooks;

namespace Notifications.SmsSender.Consumers;

/// <summary>
/// Texts one recipient about one chat message, through the <see cref="ISmsProvider"/> in effect, after the abuse
/// guard (region allow-list and premium-rate check, per-number hourly limit). Remembers the SMS for Twilio's webhooks.
/// A re-send whose earlier attempt has no known result asks Twilio first (<see cref="TwilioDeliveryLookup"/>).
/// </summary>
public sealed class SendSmsConsumer(
    NotificationDelivery delivery,
    SmsComposer composer,
    RecipientSmsLimit recipientLimit,
    ISmsProvider provider,
    ISmsThreadStore threads,
    TwilioDeliveryLookup twilioLookup,
    ILogger<SendSmsConsumer> logger) : IConsumer<SendSms>
{
    private static readonly SendSmsValidator Validator = new();

    public Task Consume(ConsumeContext<SendSms> context)
    {
        var command = context.Message;
        Validator.EnsureValid(command);

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command), async cancellationToken =>
        {
            var sms = await composer.ComposeAsync(command);
            await recipientLimit.EnsureAllowedAsync(sms.To, sms.NotificationId, command.Recipient.Role);
            SmsReceipt receipt;
            try
            {
                receipt = await provider.SendAsync(sms, cancellationToken);
            }
            catch (ProviderException failure) when (TwilioFailures.IsRecipientOptedOut(failure))
            {
                // The number texted STOP to Twilio (perhaps before it was ever ours to know): record it as the
                // participant's opt-out, so the router stops deciding SMS for them; the send still fails permanently.
                await context.Publish(new ParticipantOptedOut
                {
                    ParticipantId = command.Recipient.Id, Channel = Channels.Sms, Address = sms.To, Reason = OptOutReasons.SmsBlocked,
                    At = DateTimeOffset.UtcNow,
                }, cancellationToken);
                throw;
            }
            await RememberAsync(command, sms, receipt);
            return receipt.Provider;
        }, twilioLookup.For(command));
    }

    /// <summary>Best effort: the SMS is out, so a Redis hiccup here must not fail (and resend) it.</summary>
    private async Task RememberAsync(SendSms command, OutgoingSms sms, SmsReceipt receipt)
    {
        try
        {
            await threads.RememberAsync(sms.To, receipt.MessageSid,
                new SmsThread(command.NotificationId, command.Recipient.Id, command.Message.ConversationId, command.Message.MessageId));
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogWarning("Notification {NotificationId}: SMS sent but not remembered for replies and status callbacks ({Error})",
                command.NotificationId, failure.GetType().Name);
        }
    }
}
