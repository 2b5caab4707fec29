using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.SharedState.Bounces;
using Notifications.Signing;

namespace Notifications.Gateway.EmailEvents;

/// <summary>Where a bounce token leads: the notification it stands for, or why it leads nowhere.</summary>
public sealed record ResolvedBounce(BounceRecord? Record, string? Problem, bool Forged);

/// <summary>
/// Turns a late bounce (a SendGrid event, a DSN) into the follow-up <see cref="NotificationFailed"/> of the notification
/// it concerns: <c>followUp: true</c> (the notification already had its outcome, usually <c>NotificationDelivered</c>
/// with status <c>accepted</c>), <c>bounce</c> the kind, <c>permanent</c> for hard bounces and complaints, the status
/// and diagnostic in the reason. The notification comes from the bounce address's token: its signature is checked
/// (<see cref="BounceToken"/>) and its record read (<see cref="BounceRecordStore"/>), so a forged token or one that
/// this system never made (or whose record expired) names no notification.
/// </summary>
public sealed class BounceFollowUps(IOptions<ReplyDomainOptions> replyDomain, BounceRecordStore records, DeliveryOutcomes outcomes, IPublishEndpoint broker)
{
    /// <exception cref="Exception">Redis could not be read: the caller answers so that the bounce is sent again later.</exception>
    public async Task<ResolvedBounce> ResolveAsync(string? token)
    {
        var options = replyDomain.Value;
        if (!options.Enabled)
            return new ResolvedBounce(null, "Email:ReplyDomain and Email:ReplySigningKey are not set on the gateway: no bounce address can be checked.", false);
        if (string.IsNullOrWhiteSpace(token))
            return new ResolvedBounce(null, "The bounce names no bounce token (the email was sent without a bounce address).", false);
        if (BounceToken.Read(options.ReplySigningKey!, token, out var forged, out var problem) is not { } handle)
            return new ResolvedBounce(null, problem, forged);
        return await records.FindAsync(handle) is { } record
            ? new ResolvedBounce(record, null, false)
            : new ResolvedBounce(null, $"No email with this bounce address was sent in the last {BounceRecordStore.Retention.TotalDays:0} days.", false);
    }

    /// <summary>Publishes the follow-up (and writes it to the delivery log); returns when the broker confirmed it.</summary>
    /// <param name="provider">Who reported it: <c>sendgrid</c>, or <c>dsn</c> for a delivery status notification.</param>
    public Task PublishAsync(BounceRecord record, BounceVerdict verdict, string provider, CancellationToken cancellationToken) =>
        outcomes.FailedAsync(broker, new OutcomeSubject(record.NotificationId, record.Channel, record.RecipientId, record.ConversationId, record.MessageId),
            // Already masked where a remote server's text went in (BounceReason).
            verdict.Reason, verdict.Permanent, provider, cancellationToken, bounce: verdict.Bounce, followUp: true);
}
