namespace Notifications.Contracts;

/// <summary>Published when a notification could not be sent.</summary>
public record NotificationFailed
{
    public required string NotificationId { get; init; }

    /// <summary>email, sms, push or realtime (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    public required string ConversationId { get; init; }

    public required string MessageId { get; init; }

    /// <summary>What went wrong and, where it can be, what to fix. Never carries a secret.</summary>
    public required string Reason { get; init; }

    /// <summary>True when retrying cannot help (invalid address, authentication failure, blocked destination).</summary>
    public required bool Permanent { get; init; }

    public required DateTimeOffset FailedAt { get; init; }
}
