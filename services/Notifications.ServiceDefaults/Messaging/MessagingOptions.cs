using System.ComponentModel.DataAnnotations;

namespace Notifications.ServiceDefaults.Messaging;

/// <summary>Consumer tuning, bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>How many unacknowledged messages each queue takes from the broker at once.</summary>
    [Range(1, 10_000)]
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>How many times a transient failure is retried (with exponential backoff) before the message
    /// goes to the error queue.</summary>
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
}
