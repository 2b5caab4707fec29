using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Holding;

/// <summary>
/// Notifications waiting in delay windows and in quiet-hours summaries, per channel, as this router instance last read
/// the shared counts in Redis (<c>window-pending:{channel}</c>, <c>quiet-pending:{channel}</c>) when a notification was
/// held or a hold ended. Every instance reports the same shared figure, so a dashboard takes the maximum over
/// instances, not the sum.
/// </summary>
public static class HeldMetrics
{
    private static readonly ConcurrentDictionary<(string Family, string Channel), long> PendingByChannel = new();

    public static readonly ObservableGauge<long> WindowPending = Gauge(HeldFamily.Window, "notifications.router.window.pending", "Notifications waiting in the delay windows of a channel");

    public static readonly ObservableGauge<long> QuietPending = Gauge(HeldFamily.Quiet, "notifications.router.quiet.pending", "Notifications held in the quiet-hours summaries of a channel");

    public static void PendingCounted(HeldFamily family, string channel, long pending) => PendingByChannel[(family.Name, channel)] = pending;

    private static ObservableGauge<long> Gauge(HeldFamily family, string name, string description) =>
        NotificationsTelemetry.Meter.CreateObservableGauge(name,
            () => PendingByChannel.Where(p => p.Key.Family == family.Name)
                .Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(NotificationsTelemetry.Channel, p.Key.Channel))),
            unit: "{notification}", description: description);
}
