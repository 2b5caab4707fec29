using Notifications.Router.Holding;
using Notifications.Contracts;
using Notifications.Router.Quiet;

namespace Notifications.Router.Tests;

/// <summary>Whether an instant is inside a recipient's quiet hours and the UTC instant they end, DST days included.</summary>
public class QuietHoursClockTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static QuietHours Hours(string start, string end) => new() { Start = start, End = end };

    [Fact]
    public void InsideADaytimeRange_EndsThatDay()
    {
        // 2026-06-10 12:00 in Paris (UTC+2) is 10:00Z; quiet 09:00-17:00 ends 15:00Z.
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 10, 10, 0, 0, TimeSpan.Zero), Paris, Hours("09:00", "17:00"));

        Assert.Equal(new DateTimeOffset(2026, 6, 10, 15, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void OutsideTheRange_IsNotQuiet()
    {
        Assert.Null(QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 10, 18, 0, 0, TimeSpan.Zero), Paris, Hours("09:00", "17:00")));
        Assert.Null(QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero), Paris, Hours("22:00", "07:00")));
    }

    [Fact]
    public void TheEndMinuteItself_IsOutside()
    {
        // 07:00 in Paris in June is 05:00Z.
        Assert.Null(QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero), Paris, Hours("22:00", "07:00")));
    }

    [Fact]
    public void AcrossMidnight_BeforeMidnight_EndsTheNextMorning()
    {
        // 23:30 in Paris on 10 June (21:30Z): the quiet hours end on 11 June at 07:00 local, 05:00Z.
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 10, 21, 30, 0, TimeSpan.Zero), Paris, Hours("22:00", "07:00"));

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 5, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void AcrossMidnight_AfterMidnight_EndsThatMorning()
    {
        // 03:00 in Paris on 11 June (01:00Z).
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 6, 11, 1, 0, 0, TimeSpan.Zero), Paris, Hours("22:00", "07:00"));

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 5, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void SpringForwardNight_EndsInTheNewOffset()
    {
        // Paris goes from UTC+1 to UTC+2 at 02:00 on 29 March 2026. 23:00 on 28 March is 22:00Z; 07:00 on 29 March is 05:00Z (not 06:00Z).
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero), Paris, Hours("22:00", "07:00"));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 5, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void FallBackNight_EndsInTheNewOffset()
    {
        // New York goes from UTC-4 to UTC-5 at 02:00 on 1 November 2026. 23:00 on 31 October is 03:00Z; 07:00 on 1 November is 12:00Z.
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero), NewYork, Hours("22:00", "07:00"));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void AnEndThatDoesNotExist_MovesToTheFirstValidInstantAfter()
    {
        // 02:30 does not exist in Paris on 29 March 2026 (02:00 jumps to 03:00): the first valid instant is 03:00+02:00, 01:00Z.
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), Paris, Hours("23:00", "02:30"));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void AnAmbiguousEnd_TakesTheFirstInstant()
    {
        // 01:30 happens twice in New York on 1 November 2026 (at UTC-4, then UTC-5): the first is 05:30Z.
        var end = QuietHoursClock.EndOfQuietHours(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero), NewYork, Hours("22:00", "01:30"));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void WithoutATimeZone_QuietHoursDoNotApply()
    {
        var preferences = new ParticipantPreferences { QuietHours = Hours("00:00", "23:59") };

        Assert.Null(QuietHoursClock.EndOfQuietHours(DateTimeOffset.UtcNow, preferences));
    }

    [Fact]
    public void Summary_CountsMessagesAndConversations_SinceTheEarliest()
    {
        var until = DateTimeOffset.UnixEpoch.AddHours(8);
        var summary = CatchUpSummaryOf.For([Held("m1", "c1", 1), Held("m2", "c1", 2), Held("m3", "c2", 3), Held("m3", "c2", 3)], until);

        Assert.Equal(3, summary.Messages);
        Assert.Equal(2, summary.Conversations);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(1), summary.Since);
        Assert.Equal(until, summary.Until);
    }

    private static PendingNotification Held(string messageId, string conversationId, int minute = 0) => new()
    {
        NotificationId = $"{messageId}:u:sms",
        Rule = "U1",
        Recipient = new NotificationRecipient { Id = "u", Role = ParticipantRoles.User, Name = "U" },
        Message = new NotifiedMessage { MessageId = messageId, ConversationId = conversationId, Sender = CatchUpSummaryOf.Sender, Text = "hi", PostedAt = DateTimeOffset.UnixEpoch.AddMinutes(minute) },
    };
}
