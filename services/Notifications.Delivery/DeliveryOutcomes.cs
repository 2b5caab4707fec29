using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.SharedState.DeliveryLog;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using Notifications.Delivery.Providers;

namespace Notifications.Delivery;

/// <summary>
/// The one way an outcome leaves a service: publishes <see cref="NotificationDelivered"/>,
/// <see cref="NotificationFailed"/> or <see cref="NotificationSuppressed"/> for the platform and appends it to the
/// console's delivery log, both started at once so the log adds no round trip after the publish.
/// The log records what happened; it is not part of it. An append that fails is logged and the caller goes on:
/// the notification was sent and its event published, and a retry would only find the ledger finished.
/// </summary>
public sealed class DeliveryOutcomes(DeliveryLogStore log, TimeProvider time, ILogger<DeliveryOutcomes> logger)
{
    public Task DeliveredAsync(IPublishEndpoint publisher, NotificationDelivered delivered, CancellationToken cancellationToken = default) =>
        PublishAndLogAsync(publisher, delivered, DeliveryLogEntry.Of(delivered, TraceId()), cancellationToken);

    public Task FailedAsync(IPublishEndpoint publisher, NotificationFailed failed, CancellationToken cancellationToken = default) =>
        PublishAndLogAsync(publisher, failed, DeliveryLogEntry.Of(failed, TraceId()), cancellationToken);

    /// <remarks>Also counts it on <c>notifications.suppressed</c>: every suppression, whoever decides it, is counted once here.</remarks>
    public Task SuppressedAsync(IPublishEndpoint publisher, NotificationSuppressed suppressed, CancellationToken cancellationToken = default)
    {
        NotificationsMetrics.CountSuppressed(suppressed.Channel, suppressed.Reason);
        return PublishAndLogAsync(publisher, suppressed, DeliveryLogEntry.Of(suppressed, time.GetUtcNow(), TraceId()), cancellationToken);
    }

    private async Task PublishAndLogAsync<T>(IPublishEndpoint publisher, T outcome, DeliveryLogEntry entry, CancellationToken cancellationToken)
        where T : class
    {
        var published = publisher.Publish(outcome, cancellationToken);
        var logged = AppendAsync(entry);
        await Task.WhenAll(published, logged);
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
