using System.Diagnostics.Metrics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.ConsumerHealth;

/// <summary>
/// The kill switch's state as a metric, by queue (<c>messaging.destination.name</c>; the service is the job):
/// 1 while it keeps the queue from consuming, 0 otherwise. An up-down counter, so several hosts in one process add
/// up, and each queue's series starts at 0 when its switch is installed: a dashboard shows every sender's queues,
/// not only those that tripped once.
/// </summary>
public static class KillSwitchMetrics
{
    public static readonly UpDownCounter<long> Stopped = NotificationsTelemetry.Meter.CreateUpDownCounter<long>(
        "notifications.consumer.kill_switch_stopped", unit: "{endpoint}", description: "Receive endpoints the kill switch keeps from consuming now");

    public static void Installed(string queue) => Stopped.Add(0, Tag(queue));

    public static void Tripped(string queue) => Stopped.Add(1, Tag(queue));

    public static void Restarted(string queue) => Stopped.Add(-1, Tag(queue));

    private static KeyValuePair<string, object?> Tag(string queue) => new(NotificationsTelemetry.Queue, queue);
}
