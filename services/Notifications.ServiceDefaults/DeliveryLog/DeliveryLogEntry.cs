namespace Notifications.ServiceDefaults.DeliveryLog;

/// <summary>One outcome in the delivery log: <see cref="Outcome"/> is delivered, failed or suppressed.</summary>
public sealed record DeliveryLogEntry
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";

    public required string Outcome { get; init; }
    public required string Channel { get; init; }
    public required string RecipientId { get; init; }
    public required string ConversationId { get; init; }
    public required string MessageId { get; init; }
    public required string NotificationId { get; init; }

    /// <summary>Delivered: the provider. Failed and suppressed: the reason.</summary>
    public required string Detail { get; init; }

    /// <summary>Suppressed: the spec row, when one applied. Failed: "permanent" or "transient".</summary>
    public string? Note { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The trace the outcome belongs to (W3C trace id), empty when none was recorded.</summary>
    public string TraceId { get; init; } = "";
}
