using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;
using Notifications.SmsSender.Webhooks;
using StackExchange.Redis;

namespace Notifications.SmsSender.Lookup;

/// <summary>
/// Twilio has no idempotency key, so before an SMS whose earlier attempt has no known result is sent again, Twilio's
/// message list is asked whether it took that attempt: an SMS to the same number with the same text, created since the
/// attempt's claim (<see cref="TwilioSentMatch"/>). One whose sid is remembered for another notification is not it.
/// The text is the one the command renders (<see cref="SmsText.For(SendSms)"/>), as the send did: a grouped SMS
/// ("3 new messages. ...") and a catch-up summary are matched by their own text, not the first message's, and the
/// rendering depends on the command alone (no clock, no settings), so every attempt renders the same text.
/// </summary>
public sealed class TwilioDeliveryLookup(
    IRuntimeOptions<SmsOptions> options,
    TwilioMessageList messages,
    ISmsThreadStore threads,
    TimeProvider time,
    ILogger<TwilioDeliveryLookup> logger)
{
    /// <summary>The lookup before a re-send of <paramref name="command"/>.</summary>
    public IDeliveryLookup For(SendSms command) => new CommandLookup(this, command);

    /// <param name="body">The text the earlier attempt sent: what the command renders.</param>
    public async Task<ProviderAcceptance?> FindAcceptedAsync(DeliveryTicket ticket, string body, DateTimeOffset earlierAttemptStartedAt, CancellationToken cancellationToken)
    {
        var sms = await options.CurrentAsync();
        // The record directory writes one file per notification id: sending again overwrites, it never duplicates.
        if (!sms.UsesTwilio)
            return null;
        // A number the composer refuses never reached Twilio; sending again fails it for good, as it should.
        var to = ticket.Recipient.Phone?.Trim();
        if (!PhoneNumbers.IsE164(to))
            return null;

        foreach (var day in TwilioSentMatch.DaysToSearch(earlierAttemptStartedAt, time.GetUtcNow()))
        {
            await foreach (var message in messages.ReadAsync(sms.Twilio, to!, day, cancellationToken))
            {
                if (TwilioSentMatch.Matches(message, to!, body, earlierAttemptStartedAt) && !await BelongsToAnotherNotificationAsync(message.Sid, ticket.NotificationId))
                {
                    await RememberAsync(ticket, to!, message.Sid);
                    return new ProviderAcceptance(TwilioSmsProvider.ProviderName, message.Sid);
                }
            }
        }
        return null;
    }

    /// <summary>Renders the text only when a lookup is needed (rarely: after a crash or a lost answer).</summary>
    private sealed class CommandLookup(TwilioDeliveryLookup lookup, SendSms command) : IDeliveryLookup
    {
        public Task<ProviderAcceptance?> FindAcceptedAsync(DeliveryTicket ticket, DateTimeOffset earlierAttemptStartedAt, CancellationToken cancellationToken) =>
            lookup.FindAcceptedAsync(ticket, SmsText.For(command), earlierAttemptStartedAt, cancellationToken);
    }

    private async Task<bool> BelongsToAnotherNotificationAsync(string sid, string notificationId) =>
        await threads.FindByMessageSidAsync(sid) is { } thread && thread.NotificationId != notificationId;

    /// <summary>What a send remembers, so this SMS's status callbacks and replies are mapped back; best effort, as after a send.</summary>
    private async Task RememberAsync(DeliveryTicket ticket, string to, string sid)
    {
        try
        {
            await threads.RememberAsync(to, sid, new SmsThread(ticket.NotificationId, ticket.Recipient.Id, ticket.Message.ConversationId, ticket.Message.MessageId));
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogWarning("Notification {NotificationId}: SMS found at Twilio but not remembered for replies and status callbacks ({Error})",
                ticket.NotificationId, failure.GetType().Name);
        }
    }
}
