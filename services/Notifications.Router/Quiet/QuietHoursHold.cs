using MassTransit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Router.Routing;
using Notifications.Router.Holding;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Quiet;

/// <summary>
/// Holds an SMS or push that falls into the recipient's quiet hours (notification-rules.md, "Preferences, opt-out and
/// quiet hours"): the notification goes into the catch-up summary of those quiet hours and ends as
/// <c>NotificationSuppressed { reason: quiet-hours, summaryId }</c>. The first one held sends the summary's note on the
/// delay ladder, due when the quiet hours end. Email and the desktop notification are never held.
/// </summary>
public sealed class QuietHoursHold(QuietSummaries summaries, DelayedDelivery delayed, DeliveryOutcomes outcomes, TimeProvider clock, ILogger<QuietHoursHold> logger)
{
    /// <summary>When the channel's quiet hours hold this recipient now: the UTC instant they end; null otherwise.</summary>
    public DateTimeOffset? EndOfQuietHours(string channel, ParticipantPreferences? preferences) =>
        channel is Channels.Sms or Channels.Push ? QuietHoursClock.EndOfQuietHours(clock.GetUtcNow(), preferences) : null;

    /// <returns>False when the summary was sent already (a notification late for it): the caller sends it as usual.</returns>
    public async Task<bool> HoldAsync(ConsumeContext context, string channel, PendingNotification pending, DateTimeOffset endUtc)
    {
        var summaryId = QuietSummaries.SummaryId(pending.Recipient.Id, channel, endUtc);
        var untilEnd = endUtc - clock.GetUtcNow();
        if (untilEnd < TimeSpan.Zero)
            untilEnd = TimeSpan.Zero;
        var needsNote = await summaries.AddAsync(summaryId, channel, pending, endUtc, untilEnd);
        if (needsNote is null)
            return false;
        if (needsNote == true)
        {
            // A redelivered message whose first attempt died before the note was recorded sends it again: the summary's
            // release is idempotent (quiet-done), so a second note does nothing.
            var note = new QuietHoursEnded { Channel = channel, RecipientId = pending.Recipient.Id, SummaryId = summaryId };
            await delayed.SendAsync(context, QueueNames.Router, untilEnd, note, context.CancellationToken);
            await summaries.NotedAsync(summaryId);
        }
        await outcomes.SuppressedAsync(context,
            new OutcomeSubject(pending.NotificationId, channel, pending.Recipient.Id, pending.Message.ConversationId, pending.Message.MessageId),
            SuppressionReasons.QuietHours, pending.Rule, context.CancellationToken, summaryId);
        logger.LogInformation("Notification {NotificationId} ({Channel}) held by the quiet hours of {RecipientId} until {EndUtc:o} in summary {SummaryId}",
            pending.NotificationId, channel, pending.Recipient.Id, endUtc, summaryId);
        return true;
    }
}
