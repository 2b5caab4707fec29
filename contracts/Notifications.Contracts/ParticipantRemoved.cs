namespace Notifications.Contracts;

/// <summary>Published by the chat platform when a user or agent is deleted.</summary>
public record ParticipantRemoved
{
    public required string ParticipantId { get; init; }

    /// <summary>
    /// Optional: when the participant was deleted. When given, the removal is remembered for a day, so an older
    /// <see cref="ParticipantUpserted"/> consumed after it does not bring the participant back.
    /// </summary>
    public DateTimeOffset? At { get; init; }
}
