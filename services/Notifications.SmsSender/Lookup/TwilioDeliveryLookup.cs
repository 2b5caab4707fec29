using Microsoft.Extensions.Logging;
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
/// </summary>
public sealed class TwilioDeliveryLookup(
    IRuntimeOptions<SmsOptions> options,
    TwilioMessageList messages,
    ISmsThreadStore threads,
    TimeProvider time,
    ILogger<TwilioDeliveryLookup> logger) : IDeliveryLookup
{
    public async Task<ProviderAcceptance?> FindAcceptedAsync(DeliveryTicket ticket, DateTimeOffset earlierAttemptStartedAt, CancellationToken cancellationToken)
    {
        var sms = await options.CurrentAsync();
        // The record directory writes one file per notification id: sending again overwrites, it never duplicates.
        if (!sms.UsesTwilio)
            return null;
        // A number the composer refuses never reached Twilio; sending again fails it for good, as it should.
        var to = ticket.Recipient.Phone?.Trim();
        if (!PhoneNumbers.IsE164(to))
            return null;

        var body = SmsText.For(ticket.Message);
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
