using MassTransit;

namespace Notifications.ConsumerHealth;

/// <summary>What the detector knows of one receive queue; guarded by <see cref="ConsumerStallDetector"/>'s lock.</summary>
internal sealed class QueueProgress
{
    /// <summary>The bus reported the endpoint ready at least once: its queue is polled and judged.</summary>
    public bool Watched { get; set; }

    /// <summary>Since when a completion is due: the last completion, or a later moment from which the quiet started
    /// to matter (the endpoint first ready, back after a deliberate stop, a backlog newly seen).</summary>
    public DateTimeOffset ProgressSince { get; set; }

    /// <summary>The broker's ready count at <see cref="ReadyObservedAt"/>; null when it could not be read.</summary>
    public uint? Ready { get; set; }

    public DateTimeOffset ReadyObservedAt { get; set; }

    public int InFlight { get; set; }

    /// <summary>Stopped on purpose (the kill switch, the service stopping) and not ready again yet.</summary>
    public bool StoppedDeliberately { get; set; }

    /// <summary>The detector itself is restarting the endpoint: its stop is not a deliberate pause.</summary>
    public bool Restarting { get; set; }

    public IReceiveEndpoint? Endpoint { get; set; }
}
