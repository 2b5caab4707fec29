namespace Notifications.Contracts;

/// <summary>Published by the chat platform when a participant goes online or offline.</summary>
public record PresenceChanged
{
    public required string ParticipantId { get; init; }

    public required bool Online { get; init; }

    /// <summary>When the change happened; an older event never overwrites newer state.</summary>
    public required DateTimeOffset At { get; init; }
}
