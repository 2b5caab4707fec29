namespace Notifications.Contracts;

/// <summary>Published by the chat platform when a user or agent is created or changed.</summary>
public record ParticipantUpserted
{
    public required string ParticipantId { get; init; }

    /// <summary><c>user</c> or <c>agent</c>.</summary>
    public required string Role { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    /// <summary>E.164 phone number, for SMS.</summary>
    public string? Phone { get; init; }

    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    public string? Locale { get; init; }

    public IReadOnlyList<PushDevice> PushDevices { get; init; } = [];

    /// <summary>
    /// Optional: when the platform made this change. When given, an event older than the participant's latest
    /// applied change (upsert or removal) is ignored, so updates consumed out of order never overwrite newer ones.
    /// </summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>
    /// Optional: the participant's own choices (channels on/off, muted conversations, time zone, quiet hours). Absent
    /// means allowed; an upsert without it keeps the participant's opt-outs (only a channel sent <c>true</c> clears one).
    /// </summary>
    public ParticipantPreferences? Preferences { get; init; }
}
