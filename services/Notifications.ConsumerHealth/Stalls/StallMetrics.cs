using System.Diagnostics.Metrics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.ConsumerHealth;

/// <summary>Consumer stalls as metrics, by queue (<c>messaging.destination.name</c>).</summary>
public static class StallMetrics
{
    /// <summary>Stalls that began: one per stall, however long it lasts.</summary>
    public static readonly Counter<long> Stalls = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.consumer.stalls", unit: "{stall}", description: "Receive endpoints that stalled: messages waiting, none completed");

    /// <summary>Receive endpoints stalled now (an up-down counter, so several hosts in one process add up).</summary>
    public static readonly UpDownCounter<long> Stalled = NotificationsTelemetry.Meter.CreateUpDownCounter<long>(
        "notifications.consumer.stalled", unit: "{endpoint}", description: "Receive endpoints stalled now");

    /// <summary>Restarts of a stalled receive endpoint, by outcome (<c>restarted</c> or <c>failed</c>).</summary>
    public static readonly Counter<long> Restarts = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.consumer.stall_restarts", unit: "{restart}", description: "Stalled receive endpoints restarted in the process");

    public static void Began(string queue)
    {
        var tag = new KeyValuePair<string, object?>(NotificationsTelemetry.Queue, queue);
        Stalls.Add(1, tag);
        Stalled.Add(1, tag);
    }

    public static void Ended(string queue) =>
        Stalled.Add(-1, new KeyValuePair<string, object?>(NotificationsTelemetry.Queue, queue));

    public static void Restarted(string queue, bool succeeded) =>
        Restarts.Add(1, new(NotificationsTelemetry.Queue, queue), new(NotificationsTelemetry.Outcome, succeeded ? "restarted" : "failed"));
}
