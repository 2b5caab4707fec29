namespace Notifications.SharedState.Webhooks;

/// <summary>
/// A webhook the platform refused for good (a 4xx other than 408/429) or that failed every attempt within
/// <c>Messaging:RedeliveryHours</c>. It keeps the signed body's content for a replay, never the key or the signature.
/// </summary>
public sealed record WebhookDeadLetter
{
    /// <summary>The store's own id for this entry (what the replay names), not the event's.</summary>
    public string Id { get; init; } = "";

    /// <summary>The contract name, such as NotificationDelivered.</summary>
    public required string EventType { get; init; }

    /// <summary>The webhook's stable id (its <c>X-Webhook-Id</c>), the same on every attempt and on a replay.</summary>
    public required string EventId { get; init; }

    /// <summary>The receiver's host only: a URL may carry a token in its path or query.</summary>
    public required string UrlHost { get; init; }

    /// <summary>The last HTTP status, or null when no answer came (timeout, connection refused).</summary>
    public int? Status { get; init; }

    /// <summary>What happened on the last attempt, with a short excerpt of the receiver's answer.</summary>
    public required string Reason { get; init; }

    /// <summary>True for a refusal (4xx) a retry cannot fix; false when the attempts ran out.</summary>
    public required bool Permanent { get; init; }

    public required int Attempts { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The webhook body as it was posted (UTF-8 JSON).</summary>
    public required string Body { get; init; }
}
