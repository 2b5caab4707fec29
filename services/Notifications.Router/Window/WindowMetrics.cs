using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Window;

/// <summary>
/// Notifications waiting in delay windows, per channel, as this router instance last read the shared count in Redis
/// (<c>window-pending:{channel}</c>) when a notification joined or a window ended. Every instance reports the same
/// shared figure, so a dashboard takes the maximum over instances, not the sum.
/// </summary>
public static class WindowMetrics
{
    private static readonly ConcurrentDictionary<string, long> PendingByChannel = new();

    public static readonly ObservableGauge<long> Pending = NotificationsTelemetry.Meter.CreateObservableGauge(
        "notifications.router.window.pending",
        () => PendingByChannel.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(NotificationsTelemetry.Channel, p.Key))),
        unit: "{notification}", description: "Notifications waiting in the delay windows of a channel");

    public static void PendingCounted(string channel, long pending) => PendingByChannel[channel] = pending;
}
