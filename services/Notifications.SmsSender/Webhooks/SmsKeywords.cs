namespace Notifications.SmsSender.Webhooks;

/// <summary>
/// Twilio's default opt-out and opt-in keywords (Advanced Opt-Out): Twilio blocks a number that texted one of
/// <see cref="OptOut"/> and unblocks it after one of <see cref="OptIn"/>, so the system records the same. The reply must
/// be the keyword alone (case and surrounding spaces aside), as Twilio reads it. YES, which Twilio also takes as an
/// opt-in, is left out: it is an ordinary answer in a chat, and texted by someone never opted out it would publish an
/// opt-in for nothing instead of reaching the conversation.
/// </summary>
public static class SmsKeywords
{
    public static readonly IReadOnlySet<string> OptOut = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };

    public static readonly IReadOnlySet<string> OptIn = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "START", "UNSTOP" };

    public static bool IsOptOut(string? body) => OptOut.Contains((body ?? "").Trim().TrimEnd('.', '!'));

    public static bool IsOptIn(string? body) => OptIn.Contains((body ?? "").Trim().TrimEnd('.', '!'));
}
