namespace Notifications.Contracts;

/// <summary>
/// Published when a participant stopped a channel themselves: the one-click unsubscribe link of an email, an SMS
/// STOP, or Twilio refusing a number that texted STOP (error 21610). The opt-out holds until the platform sends that
/// channel <c>true</c> in <see cref="ParticipantUpserted.Preferences"/> or, for SMS, the participant texts START
/// (<see cref="ParticipantOptedIn"/>). The platform may show it in the participant's settings.
/// </summary>
public record ParticipantOptedOut
{
    public required string ParticipantId { get; init; }

    /// <summary>email or sms (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    /// <summary>The address that opted out (the phone number that texted STOP), when it is known; else the directory's.</summary>
    public string? Address { get; init; }

    /// <summary><c>unsubscribe</c>, <c>sms-stop</c> or <c>sms-blocked</c> (see <see cref="OptOutReasons"/>).</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>The values of <see cref="ParticipantOptedOut.Reason"/> and <see cref="ParticipantOptedIn.Reason"/>.</summary>
public static class OptOutReasons
{
    /// <summary>The one-click unsubscribe link of an email (or its button).</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>An SMS of STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT.</summary>
    public const string SmsStop = "sms-stop";

    /// <summary>Twilio refused a send because the number texted STOP to it (error 21610).</summary>
    public const string SmsBlocked = "sms-blocked";

    /// <summary>An SMS of START or UNSTOP (opted in again).</summary>
    public const string SmsStart = "sms-start";
}
