namespace Notifications.Scheduling;

/// <summary>What a service's ladder must deliver to; set in code by the service that owns the destinations.</summary>
public sealed class DelayedDeliveryOptions
{
    /// <summary>
    /// The queues delayed messages may go to. Each is bound to the ladder's delivery exchange at start, before
    /// any message is sent: one sent to a queue that is not bound would be dropped by the broker when it falls
    /// off the ladder. No destination at all declares nothing (the service does not delay anything).
    /// </summary>
    public HashSet<string> Destinations { get; } = [];

    /// <summary>The connection's name in the broker's management UI.</summary>
    public string ClientName { get; set; } = "notifications-delay-ladder-setup";
}
