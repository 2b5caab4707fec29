namespace Notifications.Contracts;

/// <summary>
/// What a participant chose about their notifications, carried by <see cref="ParticipantUpserted.Preferences"/>.
/// Every field is optional and absent means allowed. A channel set to false is never used for them (suppressed as
/// <c>opted-out</c>); a muted conversation notifies them on no channel, the desktop notification included (<c>muted</c>).
/// </summary>
public record ParticipantPreferences
{
    /// <summary>Per-channel on/off; a channel left out is on. <c>true</c> also clears an opt-out of that channel (an unsubscribe, an SMS STOP).</summary>
    public ChannelPreferences? Channels { get; init; }

    /// <summary>Conversations the participant is never notified about.</summary>
    public IReadOnlyList<string>? MutedConversationIds { get; init; }

    /// <summary>IANA time zone (<c>Europe/Paris</c>) the quiet hours are read in; without it there are no quiet hours.</summary>
    public string? TimeZone { get; init; }

    /// <summary>When SMS and push wait (in <see cref="TimeZone"/>, which it needs); may cross midnight (22:00 to 07:00).</summary>
    public QuietHours? QuietHours { get; init; }
}

/// <summary>Per-channel choices of <see cref="ParticipantPreferences.Channels"/>; null means not said (allowed, and an opt-out is kept).</summary>
public record ChannelPreferences
{
    public bool? Email { get; init; }

    public bool? Sms { get; init; }

    public bool? Push { get; init; }
}

/// <summary>A daily span in the participant's time zone, each end as <c>HH:mm</c> (24-hour).</summary>
public record QuietHours
{
    public required string Start { get; init; }

    public required string End { get; init; }
}
