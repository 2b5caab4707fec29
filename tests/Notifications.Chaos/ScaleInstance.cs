namespace Notifications.Chaos;

/// <summary>
/// One instance of a service in <c>make scale</c>: its process, the work queue it shares with its twin, and what
/// happened to it (when it started, when it was killed, every process id it ran as, since a restart is a new process).
/// </summary>
public sealed class ScaleInstance(ServiceProcess process, string queue, bool countsDeliveries)
{
    /// <summary>The line the senders log (category Notifications.Delivery.NotificationDelivery, Information) when a provider accepted a notification.</summary>
    public const string DeliveredLogText = ") delivered to ";

    private readonly List<int> processIds = [];

    public ServiceProcess Process => process;
    public string Label => process.Label;
    public string Queue => queue;

    /// <summary>Senders log each notification a provider accepted; the router logs nothing per message.</summary>
    public bool CountsDeliveries => countsDeliveries;

    public double StartedAt { get; private set; }
    public double? KilledAt { get; set; }

    /// <summary>The twin's own count when this instance was killed (the survivor's count then, to compare with its count at the end).</summary>
    public long? TwinCountAtKill { get; set; }

    public IReadOnlyList<int> ProcessIds => processIds;

    /// <summary>The local TCP ports of the process's sockets just before its kill (<see cref="ProcessTcpPorts"/>).</summary>
    public IReadOnlySet<int> PortsAtKill { get; set; } = new HashSet<int>();

    public void Start(double now)
    {
        process.Start();
        if (processIds.Count == 0)
            StartedAt = now;
        processIds.Add(process.ProcessId!.Value);
    }

    /// <summary>What the broker counts: messages this instance (all its processes) acknowledged from its queue.</summary>
    public long Acknowledged(BrokerConsumerCounts counts) => processIds.Sum(id => counts.Acknowledged(id, queue));

    /// <summary>Notifications a provider accepted from this instance, by its own log; null for the router.</summary>
    public long? Delivered() => countsDeliveries ? process.CountLogLines(DeliveredLogText) : null;

    /// <summary>The instance's own count: what it delivered (senders), or what it acknowledged (router).</summary>
    public long OwnCount(BrokerConsumerCounts counts) => Delivered() ?? Acknowledged(counts);
}
