namespace Notifications.SharedState.OptOuts;

/// <summary>One channel a participant opted out of: why (<c>unsubscribe</c>, <c>sms-stop</c>, ...) and when.</summary>
public sealed record OptOut(string Channel, string Reason, DateTimeOffset At);
