using Notifications.Contracts;

namespace Notifications.SharedState.DeliveryLog;

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

    public static DeliveryLogEntry Of(NotificationDelivered delivered, string traceId) => new()
    {
        Outcome = Delivered,
        Channel = delivered.Channel,
        RecipientId = delivered.RecipientId,
        ConversationId = delivered.ConversationId,
        MessageId = delivered.MessageId,
        NotificationId = delivered.NotificationId,
        Detail = delivered.Provider,
        At = delivered.DeliveredAt,
        TraceId = traceId,
    };

    public static DeliveryLogEntry Of(NotificationFailed failed, string traceId) => new()
    {
        Outcome = Failed,
        Channel = failed.Channel,
        RecipientId = failed.RecipientId,
        ConversationId = failed.ConversationId,
        MessageId = failed.MessageId,
        NotificationId = failed.NotificationId,
        Detail = failed.Reason,
        // A late bounce says so, so the console can tell it from the send's own failure.
        Note = (failed.Permanent ? "permanent" : "transient") + (failed.FollowUp ? ", follow-up" : "") + (failed.Bounce is { } bounce ? $", {bounce} bounce" : ""),
        At = failed.FailedAt,
        TraceId = traceId,
    };

    /// <param name="at">When it was published: the event itself carries no time.</param>
    public static DeliveryLogEntry Of(NotificationSuppressed suppressed, DateTimeOffset at, string traceId) => new()
    {
        Outcome = Suppressed,
        Channel = suppressed.Channel,
        RecipientId = suppressed.RecipientId,
        ConversationId = suppressed.ConversationId,
        MessageId = suppressed.MessageId,
        NotificationId = suppressed.NotificationId,
        Detail = suppressed.Reason,
        Note = suppressed.Rule,
        At = at,
        TraceId = traceId,
    };
}
