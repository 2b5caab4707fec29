namespace Notifications.Contracts;

/// <summary>
/// Published by the chat platform when a participant reads a conversation (opens it, scrolls to its end). A pending
/// notification for that participant and conversation whose messages were all posted at or before <see cref="SeenAt"/>
/// is suppressed with the reason <c>seen</c>. Coming online is not "seen": only this event is.
/// </summary>
public record ConversationSeen
{
    public required string ParticipantId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>When the participant read the conversation; an older event never moves the stored time back.</summary>
    public required DateTimeOffset SeenAt { get; init; }
}
