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

    // Each instrument is created with its name written out, so the dashboards' check of what the code emits finds it.
    public static readonly ObservableGauge<long> WindowPending = NotificationsTelemetry.Meter.CreateObservableGauge(
        "notifications.router.window.pending", () => PendingOf(HeldFamily.Window),
        unit: "{notification}", description: "Notifications waiting in the delay windows of a channel");

    public static readonly ObservableGauge<long> QuietPending = NotificationsTelemetry.Meter.CreateObservableGauge(
        "notifications.router.quiet.pending", () => PendingOf(HeldFamily.Quiet),
        unit: "{notification}", description: "Notifications held in the quiet-hours summaries of a channel");

    public static void PendingCounted(HeldFamily family, string channel, long pending) => PendingByChannel[(family.Name, channel)] = pending;

    private static IEnumerable<Measurement<long>> PendingOf(HeldFamily family) =>
        PendingByChannel.Where(p => p.Key.Family == family.Name)
            .Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(NotificationsTelemetry.Channel, p.Key.Channel)));
}
