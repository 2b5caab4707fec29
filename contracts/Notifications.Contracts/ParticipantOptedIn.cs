namespace Notifications.Contracts;

/// <summary>Published when a participant opted in again themselves: an SMS of START or UNSTOP, which Twilio also honours.</summary>
public record ParticipantOptedIn
{
    public required string ParticipantId { get; init; }

    /// <summary>sms (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    /// <summary>The address that opted in (the phone number that texted START), when it is known.</summary>
    public string? Address { get; init; }

    /// <summary><c>sms-start</c> (see <see cref="OptOutReasons"/>).</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset At { get; init; }
}
