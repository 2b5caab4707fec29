using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.SharedState.DeliveryLog;
using Notifications.Delivery.Telemetry;

namespace Notifications.Delivery;

/// <summary>
/// The one way an outcome leaves a service: builds <see cref="NotificationDelivered"/>, <see cref="NotificationFailed"/>
/// or <see cref="NotificationSuppressed"/>, counts it (<c>notifications.sent</c>, <c>failed</c>, <c>suppressed</c>),
/// publishes it for the platform and appends it to the console's delivery log, the publish and the append started at
/// once so the log adds no round trip after the publish.
/// The log records what happened; it is not part of it. An append that fails is logged and the caller goes on:
/// the notification was sent and its event published, and a retry would only find the ledger finished.
/// </summary>
public sealed class DeliveryOutcomes(DeliveryLogStore log, TimeProvider time, ILogger<DeliveryOutcomes> logger)
{
    /// <summary>How long publishing an outcome may wait for the broker: its confirm takes milliseconds when the
    /// broker is well, and a publish still waiting after this is not coming back.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The provider accepted the notification: counted on <c>notifications.sent</c> and, given when its chat message
    /// was posted, on <c>notifications.delivery.latency</c>. A digest email gives no <paramref name="postedAt"/>:
    /// its latency would be the schedule's delay, by design.
    /// </summary>
    public Task DeliveredAsync(IPublishEndpoint publisher, OutcomeSubject subject, string provider, DateTimeOffset? postedAt = null,
        CancellationToken cancellationToken = default)
    {
        var deliveredAt = time.GetUtcNow();
        NotificationsMetrics.CountSent(subject.Channel, provider);
        if (postedAt is { } posted)
            NotificationsMetrics.RecordDeliveryLatency(subject.Channel, provider, deliveredAt - posted);
        return DeliveredAsync(publisher, Delivered(subject, provider, deliveredAt, DeliveryStatuses.Accepted), cancellationToken);
    }

    /// <summary>
    /// A provider's later word that the notification reached the handset (Twilio's status callback): published in
    /// addition to the acceptance, and not counted, since <c>notifications.sent</c> counted the acceptance.
    /// </summary>
    public Task ConfirmedDeliveredAsync(IPublishEndpoint publisher, OutcomeSubject subject, string provider, CancellationToken cancellationToken = default) =>
        DeliveredAsync(publisher, Delivered(subject, provider, time.GetUtcNow(), DeliveryStatuses.Delivered), cancellationToken);

    /// <summary>
    /// The notification could not be sent, or a provider said so later: counted on <c>notifications.failed</c> with
    /// the provider that was called (<c>none</c> when none was). <paramref name="reason"/> is published as given, so
    /// the caller redacts what a provider wrote.
    /// </summary>
    /// <param name="bounce">What the failure says about the address (<see cref="BounceKinds"/>), or null.</param>
    /// <param name="followUp">True for a provider's report after the send had its outcome (a late bounce): see <see cref="NotificationFailed.FollowUp"/>.</param>
    public Task FailedAsync(IPublishEndpoint publisher, OutcomeSubject subject, string reason, bool permanent, string? provider,
        CancellationToken cancellationToken = default, string? bounce = null, bool followUp = false)
    {
        NotificationsMetrics.CountFailed(subject.Channel, provider, permanent);
        return FailedAsync(publisher, new NotificationFailed
        {
            NotificationId = subject.NotificationId,
            Channel = subject.Channel,
            RecipientId = subject.RecipientId,
            ConversationId = subject.ConversationId,
            MessageId = subject.MessageId,
            Reason = reason,
            Permanent = permanent,
            FailedAt = time.GetUtcNow(),
            FallbackOf = subject.FallbackOf,
            Bounce = bounce,
            FollowUp = followUp,
        }, cancellationToken);
    }

    /// <summary>The notification is not sent by decision (a routing rule, an email its recipient read first); <paramref name="rule"/> is the spec row behind it, when one is.</summary>
    /// <param name="summaryId">The catch-up summary a notification held by quiet hours went into.</param>
    public Task SuppressedAsync(IPublishEndpoint publisher, OutcomeSubject subject, string reason, string? rule, CancellationToken cancellationToken = default, string? summaryId = null) =>
        SuppressedAsync(publisher, new NotificationSuppressed
        {
            NotificationId = subject.NotificationId,
            Channel = subject.Channel,
            RecipientId = subject.RecipientId,
            ConversationId = subject.ConversationId,
            MessageId = subject.MessageId,
            Reason = reason,
            Rule = rule,
            SummaryId = summaryId,
        }, cancellationToken);

    // The overloads below publish and log an outcome already built; tests hand them events with chosen times.
    // A suppression is counted here, as its event holds all its tags; sent and failed are counted by the builders
    // above, as NotificationFailed does not name the provider and a confirmation is not counted at all.

    internal Task DeliveredAsync(IPublishEndpoint publisher, NotificationDelivered delivered, CancellationToken cancellationToken = default) =>
        PublishAndLogAsync(publisher, delivered, DeliveryLogEntry.Of(delivered, TraceId()), cancellationToken);

    internal Task FailedAsync(IPublishEndpoint publisher, NotificationFailed failed, CancellationToken cancellationToken = default) =>
        PublishAndLogAsync(publisher, failed, DeliveryLogEntry.Of(failed, TraceId()), cancellationToken);

    internal Task SuppressedAsync(IPublishEndpoint publisher, NotificationSuppressed suppressed, CancellationToken cancellationToken = default)
    {
        NotificationsMetrics.CountSuppressed(suppressed.Channel, suppressed.Reason);
        return PublishAndLogAsync(publisher, suppressed, DeliveryLogEntry.Of(suppressed, time.GetUtcNow(), TraceId()), cancellationToken);
    }

    private static NotificationDelivered Delivered(OutcomeSubject subject, string provider, DateTimeOffset deliveredAt, string status) => new NotificationDelivered
    {
        NotificationId = subject.NotificationId,
        Channel = subject.Channel,
        RecipientId = subject.RecipientId,
        ConversationId = subject.ConversationId,
        MessageId = subject.MessageId,
        Provider = provider,
        DeliveredAt = deliveredAt,
        Status = status,
        FallbackOf = subject.FallbackOf,
    };

    private async Task PublishAndLogAsync<T>(IPublishEndpoint publisher, T outcome, DeliveryLogEntry entry, CancellationToken cancellationToken)
        where T : class
    {
        var published = PublishBoundedAsync(publisher, outcome, cancellationToken);
        var logged = AppendAsync(entry);
        await Task.WhenAll(published, logged);
    }

    /// <summary>
    /// Publishes with a bound: the broker's confirm may never come. After the broker restarts, RabbitMQ.Client 7
    /// can leave a publish waiting for the confirm of a channel that is gone, and MassTransit waits for it only as
    /// long as the publish's own token allows; with none, the consumer hangs for good, holding its message and its
    /// concurrency slot. Past the bound it throws, and the caller's retry publishes again (the ledger keeps the
    /// notification from being sent twice).
    /// </summary>
    private async Task PublishBoundedAsync<T>(IPublishEndpoint publisher, T outcome, CancellationToken cancellationToken)
        where T : class
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(PublishTimeout);
        try
        {
            await publisher.Publish(outcome, bounded.Token);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not confirm the {typeof(T).Name} within {PublishTimeout.TotalSeconds:F0} s.");
        }
    }

    private async Task AppendAsync(DeliveryLogEntry entry)
    {
        try
        {
            await log.AddAsync(entry);
        }
        catch (Exception failure)
        {
            logger.LogWarning("Notification {NotificationId}: its {Outcome} outcome was published but not written to the delivery log ({Error}: {Reason})",
                entry.NotificationId, entry.Outcome, failure.GetType().Name, failure.Message);
        }
    }

    /// <summary>The span the outcome is decided in (a delivery, a route decision, a webhook request), so the log links to its trace.</summary>
    private static string TraceId() => Activity.Current?.TraceId.ToHexString() ?? "";
}
