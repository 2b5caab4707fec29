namespace Notifications.SmsSender.Lookup;

/// <summary>
/// Which of Twilio's messages is the SMS an earlier attempt sent, and which days of the list to read for it. The
/// earlier attempt's claim began before its call to Twilio, so Twilio created that message at or after the claim,
/// give or take <see cref="ClockTolerance"/> between Redis' clock and Twilio's.
/// </summary>
public static class TwilioSentMatch
{
    /// <summary>Small: the wider it is, the likelier an identical SMS sent just before (the same "ok" to the same agent) is taken for this one.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its claim an attempt's call may still have reached Twilio: the claim, the shared rate limit's
    /// wait (Retry-After pauses up to 5 minutes) and the 30 s HTTP timeout, with room to spare.
    /// </summary>
    public static readonly TimeSpan LongestAttempt = TimeSpan.FromHours(1);

    /// <summary>What Twilio puts before every SMS body of a trial account.</summary>
    public const string TrialAccountPrefix = "Sent from your Twilio trial account - ";

    /// <summary>
    /// The UTC days (Twilio's list filters whole days) the earlier attempt's message may be listed under: the claim's
    /// day, the day before when the claim was just after midnight (the tolerance), and the next day when the attempt
    /// may have run past midnight, though not beyond <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysToSearch(DateTimeOffset attemptStartedAt, DateTimeOffset now)
    {
        var latest = attemptStartedAt + LongestAttempt;
        if (latest > now + ClockTolerance)
            latest = now + ClockTolerance;
        if (latest < attemptStartedAt)
            latest = attemptStartedAt;

        var days = new List<DateOnly>();
        for (var day = DayOf(attemptStartedAt - ClockTolerance); day <= DayOf(latest); day = day.AddDays(1))
            days.Add(day);
        return days;
    }

    /// <summary>This destination, this text (as a trial account words it too), created no earlier than the attempt's claim.</summary>
    public static bool Matches(TwilioListedMessage message, string to, string body, DateTimeOffset attemptStartedAt) =>
        string.Equals(message.To, to, StringComparison.Ordinal)
        && (string.Equals(message.Body, body, StringComparison.Ordinal) || string.Equals(message.Body, TrialAccountPrefix + body, StringComparison.Ordinal))
        && message.DateCreated >= attemptStartedAt - ClockTolerance;

    private static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);
}
