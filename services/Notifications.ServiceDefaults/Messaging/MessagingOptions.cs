using System.ComponentModel.DataAnnotations;

namespace Notifications.ServiceDefaults.Messaging;

/// <summary>Consumer tuning, bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>How many unacknowledged messages each queue takes from the broker at once.</summary>
    [Range(1, 10_000)]
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>How many times a transient failure is retried in memory (with exponential backoff) before the
    /// message is redelivered later (<see cref="RedeliveryHours"/>), or goes to the error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    [Range(1, 600_000)]
    public int RetryMinIntervalMs { get; set; } = 200;

    [Range(1, 3_600_000)]
    public int RetryMaxIntervalMs { get; set; } = 10_000;

    /// <summary>Declare the receive queues as quorum queues (replicated; what production RabbitMQ clusters run).
    /// A queue's type cannot change once declared: see docs/operations.md for moving an existing queue.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>How long stopping the service waits for in-flight messages to finish. The host's shutdown
    /// timeout is set a little longer, and Kubernetes' terminationGracePeriodSeconds must be longer still.</summary>
    [Range(1, 3600)]
    public int StopTimeoutSeconds { get; set; } = 30;

    /// <summary>How long, in all, a message that keeps failing transiently (Redis away, a provider down) keeps coming
    /// back through the delay ladder before it goes to the error queue; 0 sends it there after the in-memory retries.</summary>
    [Range(0, 240)]
    public double RedeliveryHours { get; set; } = 6;

    /// <summary>The first redelivery's delay; each next one doubles, up to <see cref="RedeliveryMaxDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int RedeliveryFirstDelaySeconds { get; set; } = 10;

    [Range(1, 86_400)]
    public int RedeliveryMaxDelaySeconds { get; set; } = 1800;

    /// <summary>The kill switch: a receive endpoint stops consuming for <see cref="KillSwitchRestartSeconds"/> when at
    /// least this share (percent) of the messages it finished within <see cref="KillSwitchTrackingSeconds"/> failed
    /// every in-memory retry; 0 switches it off. Bad input never counts.</summary>
    [Range(0, 100)]
    public int KillSwitchTripPercent { get; set; } = 15;

    /// <summary>How many messages must have finished within the tracking period before the kill switch can trip.</summary>
    [Range(1, 100_000)]
    public int KillSwitchActivationThreshold { get; set; } = 10;

    [Range(1, 3600)]
    public int KillSwitchTrackingSeconds { get; set; } = 60;

    [Range(1, 3600)]
    public int KillSwitchRestartSeconds { get; set; } = 60;
}
