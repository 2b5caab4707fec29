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

    /// <summary>
    /// Optional, false by default: also erase the participant's personal data (presence, offline sessions, their
    /// transcripts, pending digests, SMS reply threads, their id in the delivery log), keeping only a hash of their
    /// addresses (docs/security.md, "Erasing a participant"). Without it a removal keeps that history, so a
    /// participant removed by mistake and upserted again has lost nothing. An erase is never ignored as older than a
    /// later change.
    /// </summary>
    public bool Erase { get; init; }
}
