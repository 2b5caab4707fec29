using Notifications.SmsSender.Lookup;

namespace Notifications.SmsSender.Tests;

/// <summary>Which listed message is the earlier attempt's SMS, and which days of Twilio's list are read for it.</summary>
public sealed class TwilioSentMatchTests
{
    private const string To = "+14155550123";
    private const string Body = "Grace: Hello, is anyone there?";
    private static readonly DateTimeOffset Claimed = DateTimeOffset.Parse("2025-01-02T03:04:05Z");

    private static TwilioListedMessage Listed(string to = To, string body = Body, TimeSpan? createdAfterClaim = null) =>
        new("SM1", to, body, Claimed + (createdAfterClaim ?? TimeSpan.FromSeconds(2)), "queued");

    [Fact]
    public void SameNumberSameTextCreatedAfterTheClaim_Matches() =>
        Assert.True(TwilioSentMatch.Matches(Listed(), To, Body, Claimed));

    [Fact]
    public void AnotherText_DoesNotMatch() =>
        Assert.False(TwilioSentMatch.Matches(Listed(body: "Grace: Hello, is anyone there"), To, Body, Claimed));

    [Fact]
    public void AnotherNumber_DoesNotMatch() =>
        Assert.False(TwilioSentMatch.Matches(Listed(to: "+14155550124"), To, Body, Claimed));

    [Fact]
    public void TheSameTextSentBeforeTheClaim_IsAnotherSms() =>
        Assert.False(TwilioSentMatch.Matches(Listed(createdAfterClaim: -TimeSpan.FromMinutes(5)), To, Body, Claimed));

    [Fact]
    public void CreatedJustBeforeTheClaim_WithinTheClockTolerance_Matches() =>
        Assert.True(TwilioSentMatch.Matches(Listed(createdAfterClaim: -TimeSpan.FromSeconds(20)), To, Body, Claimed));

    [Fact]
    public void CreatedJustBeyondTheClockTolerance_DoesNotMatch() =>
        Assert.False(TwilioSentMatch.Matches(Listed(createdAfterClaim: -(TwilioSentMatch.ClockTolerance + TimeSpan.FromSeconds(1))), To, Body, Claimed));

    [Fact]
    public void ATrialAccountsPrefixedText_Matches() =>
        Assert.True(TwilioSentMatch.Matches(Listed(body: TwilioSentMatch.TrialAccountPrefix + Body), To, Body, Claimed));

    [Fact]
    public void AClaimInTheDay_SearchesThatDayOnly() =>
        Assert.Equal([new DateOnly(2025, 1, 2)], TwilioSentMatch.DaysToSearch(Claimed, Claimed.AddMinutes(2)));

    [Fact]
    public void AClaimNearMidnight_SearchesTheNextDayToo_OnceItHasBegun()
    {
        var beforeMidnight = DateTimeOffset.Parse("2025-01-02T23:50:00Z");

        Assert.Equal([new DateOnly(2025, 1, 2), new DateOnly(2025, 1, 3)], TwilioSentMatch.DaysToSearch(beforeMidnight, beforeMidnight.AddMinutes(30)));
    }

    [Fact]
    public void AClaimNearMidnight_LookedUpBeforeMidnight_DoesNotSearchADayThatHasNotBegun()
    {
        var beforeMidnight = DateTimeOffset.Parse("2025-01-02T23:50:00Z");

        Assert.Equal([new DateOnly(2025, 1, 2)], TwilioSentMatch.DaysToSearch(beforeMidnight, beforeMidnight.AddMinutes(2)));
    }

    [Fact]
    public void AClaimJustAfterMidnight_SearchesTheDayBeforeToo_ForTheClockTolerance()
    {
        var afterMidnight = DateTimeOffset.Parse("2025-01-03T00:00:20Z");

        Assert.Equal([new DateOnly(2025, 1, 2), new DateOnly(2025, 1, 3)], TwilioSentMatch.DaysToSearch(afterMidnight, afterMidnight.AddMinutes(1)));
    }

    [Fact]
    public void ALookupDaysLater_SearchesOnlyTheDaysTheEarlierAttemptCouldHaveRun()
    {
        var claimed = DateTimeOffset.Parse("2025-01-02T12:00:00Z");

        Assert.Equal([new DateOnly(2025, 1, 2)], TwilioSentMatch.DaysToSearch(claimed, claimed.AddDays(3)));
    }

    [Theory]
    [InlineData("Thu, 02 Jan 2025 03:04:05 +0000", "2025-01-02T03:04:05Z")]
    [InlineData("Thu, 02 Jan 2025 05:04:05 +0200", "2025-01-02T03:04:05Z")]
    [InlineData("Wed, 01 Jan 2025 22:04:05 -0500", "2025-01-02T03:04:05Z")]
    public void TwiliosRfc2822Dates_AreRead(string written, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), TwilioMessageJson.ParseRfc2822(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2025-01-02T03:04:05Z")]
    public void AnUnreadableDate_IsNone(string? written) => Assert.Null(TwilioMessageJson.ParseRfc2822(written));
}
