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
}
