using Notifications.Contracts;

namespace Notifications.SharedState.DeliveryLog;

/// <summary>
/// One entry in the delivery log: <see cref="Outcome"/> is delivered, failed or suppressed for a notification, or
/// replied for a participant's answer by SMS or email (who, on which channel, when: never the reply's text).
/// </summary>
public sealed record DeliveryLogEntry
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Replied = "replied";

    public required string Outcome { get; init; }
    public required string Channel { get; init; }
    public required string RecipientId { get; init; }
    public required string ConversationId { get; init; }
    public required string MessageId { get; init; }
    public required string NotificationId { get; init; }

    /// <summary>Delivered: the provider. Failed and suppressed: the reason. Replied: the provider's id of the inbound SMS, or for an email whether its sender was the address notified.</summary>
    public required string Detail { get; init; }

    /// <summary>Suppressed: the spec row, when one applied. Failed: "permanent" or "transient".</summary>
    public string? Note { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The trace the outcome belongs to (W3C trace id), empty when none was recorded.</summary>
    public string TraceId { get; init; } = "";

    /// <summary>Failed: a later report (a bounce) about a send that already had its outcome, so the thread shows both.</summary>
    public bool FollowUp { get; init; }

    /// <summary>Failed: what the failure says about the address (<see cref="BounceKinds"/>), null when nothing.</summary>
    public string? Bounce { get; init; }

    /// <summary>Delivered or failed: the notification this one stood in for when it was a fallback, else null.</summary>
    public string? FallbackOf { get; init; }

    /// <summary>Suppressed for quiet hours: the catch-up summary the notification went into (its own outcome follows when it is sent).</summary>
    public string? SummaryId { get; init; }

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
        FallbackOf = delivered.FallbackOf,
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
        Note = failed.Permanent ? "permanent" : "transient",
        At = failed.FailedAt,
        TraceId = traceId,
        FollowUp = failed.FollowUp,
        Bounce = failed.Bounce,
        FallbackOf = failed.FallbackOf,
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
        SummaryId = suppressed.SummaryId,
    };

    /// <summary>An SMS reply: its <see cref="NotificationId"/> is the SMS answered, when known; no message id (a reply is no chat message yet).</summary>
    public static DeliveryLogEntry Of(SmsReplyReceived reply, string traceId) => new()
    {
        Outcome = Replied,
        Channel = Channels.Sms,
        RecipientId = reply.RecipientId,
        ConversationId = reply.ConversationId,
        MessageId = "",
        NotificationId = reply.NotificationId ?? "",
        Detail = reply.ProviderMessageId,
        At = reply.ReceivedAt,
        TraceId = traceId,
    };

    /// <summary>An email reply: the email answered is known only by its Message-ID header, which the log does not keep.</summary>
    public static DeliveryLogEntry Of(EmailReplyReceived reply, string traceId) => new()
    {
        Outcome = Replied,
        Channel = Channels.Email,
        RecipientId = reply.ParticipantId,
        ConversationId = reply.ConversationId,
        MessageId = "",
        NotificationId = "",
        Detail = reply.SenderVerified ? EmailReplySenderVerified : EmailReplySenderUnverified,
        At = reply.ReceivedAt,
        TraceId = traceId,
    };

    public const string EmailReplySenderVerified = "sender verified";
    public const string EmailReplySenderUnverified = "sender not verified";
}
