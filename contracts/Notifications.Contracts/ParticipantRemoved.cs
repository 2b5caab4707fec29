namespace Notifications.Contracts;

/// <summary>Published by the chat platform when a user or agent is deleted.</summary>
public record ParticipantRemoved
{
    public required string ParticipantId { get; init; }
}
