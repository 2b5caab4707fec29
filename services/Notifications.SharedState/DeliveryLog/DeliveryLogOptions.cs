using System.ComponentModel.DataAnnotations;

namespace Notifications.SharedState.DeliveryLog;

/// <summary><c>Console:DeliveryLogMaxEntries</c>: how many outcomes the delivery log keeps (the oldest go first).</summary>
public sealed class DeliveryLogOptions
{
    public const string Section = "Console";

    [Range(100, 1_000_000, ErrorMessage = "Console:DeliveryLogMaxEntries must be between 100 and 1000000.")]
    public int DeliveryLogMaxEntries { get; set; } = 10_000;
}
