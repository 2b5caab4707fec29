using Notifications.Scheduling;

namespace Notifications.Router.Tests;

/// <summary>The delay ladder's arithmetic: which levels a delay sits in, and the routing key that says so.</summary>
public sealed class DelayLevelsTests
{
    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 0 })]
    [InlineData(3, new[] { 1, 0 })]
    [InlineData(5, new[] { 2, 0 })]
    [InlineData(10, new[] { 3, 1 })]
    [InlineData(300, new[] { 8, 5, 3, 2 })]
    [InlineData(86_400, new[] { 16, 14, 12, 8, 7 })]
    public void HeldAt_IsTheBinaryDecompositionOfTheDelay_HighestLevelFirst(int seconds, int[] levels)
    {
        Assert.Equal(levels, DelayLevels.HeldAt(seconds));
        Assert.Equal(seconds, DelayLevels.HeldAt(seconds).Sum(level => (int)DelayLevels.HoldOf(level).TotalSeconds));
    }

    [Fact]
    public void EveryDelayUpToTheMaximum_IsTheSumOfTheLevelsItSitsIn()
    {
        var max = (int)DelayLevels.MaxDelay.TotalSeconds;
        Assert.Equal((1 << DelayLevels.Count) - 1, max);
        Assert.Equal(DelayLevels.Count, DelayLevels.HeldAt(max).Count);
        foreach (var seconds in Enumerable.Range(0, 5000).Append(max - 1).Append(max))
            Assert.Equal(seconds, DelayLevels.HeldAt(seconds).Sum(level => 1 << level));
    }

    [Fact]
    public void MaxDelay_CoversDays()
    {
        Assert.True(DelayLevels.MaxDelay >= TimeSpan.FromDays(7), $"the ladder serves only {DelayLevels.MaxDelay}");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.001, 1)]
    [InlineData(2.5, 3)]
    [InlineData(3, 3)]
    public void SecondsOf_RoundsUp_SoAMessageIsNeverEarly(double seconds, int expected)
    {
        Assert.Equal(expected, DelayLevels.SecondsOf(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void SecondsOf_RefusesNegativeDelaysAndDelaysBeyondTheMaximum()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DelayLevels.SecondsOf(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DelayLevels.SecondsOf(DelayLevels.MaxDelay + TimeSpan.FromSeconds(1)));
        Assert.Equal((1 << DelayLevels.Count) - 1, DelayLevels.SecondsOf(DelayLevels.MaxDelay));
    }

    [Fact]
    public void RoutingKey_HasOneWordPerLevel_HighestFirst_ThenTheDestination()
    {
        var key = DelayLevels.RoutingKey(5, "notifications-router");
        var words = key.Split('.');
        Assert.Equal(DelayLevels.Count + 1, words.Length);
        Assert.Equal("notifications-router", words[^1]);
        Assert.Equal(string.Concat(Enumerable.Repeat("0.", DelayLevels.Count - 3)) + "1.0.1.notifications-router", key);
    }

    [Theory]
    [InlineData(5, 2, true)]
    [InlineData(5, 1, false)]
    [InlineData(5, 0, true)]
    [InlineData(524_288, 19, true)]
    public void LevelPatterns_MatchTheKeyByThatLevelsWordAlone(int seconds, int level, bool held)
    {
        var key = DelayLevels.RoutingKey(seconds, "notifications-router");
        Assert.Equal(held, TopicMatches(DelayLevels.PatternFor(level, bit: true), key));
        Assert.Equal(!held, TopicMatches(DelayLevels.PatternFor(level, bit: false), key));
    }

    [Fact]
    public void DestinationPattern_MatchesOnlyKeysForThatExactQueue()
    {
        var pattern = DelayLevels.DestinationPattern("send-email");
        Assert.True(TopicMatches(pattern, DelayLevels.RoutingKey(3, "send-email")));
        Assert.False(TopicMatches(pattern, DelayLevels.RoutingKey(3, "send-email-2")));
        Assert.False(TopicMatches(pattern, DelayLevels.RoutingKey(3, "x.send-email")));
    }

    [Fact]
    public void Ladder_NamesEachLevel_ByItsQueueType_AndChainsDownToTheDeliveryExchange()
    {
        var classic = new DelayLadder(Quorum: false);
        var quorum = new DelayLadder(Quorum: true);
        Assert.Equal("notifications-delay-level-07", classic.LevelName(7));
        Assert.Equal("notifications-delay-quorum-level-07", quorum.LevelName(7));
        Assert.Equal(classic.LevelName(6), classic.NextExchange(7));
        Assert.Equal(DelayLadder.DeliveryExchange, quorum.NextExchange(0));
        Assert.Equal(new Uri("exchange:notifications-delay-level-19?type=topic"), classic.EntryAddress);
        Assert.Throws<ArgumentOutOfRangeException>(() => classic.LevelName(DelayLevels.Count));
    }

    /// <summary>AMQP topic matching: <c>*</c> is one word, <c>#</c> zero or more.</summary>
    private static bool TopicMatches(string pattern, string key) => Matches(pattern.Split('.'), 0, key.Split('.'), 0);

    private static bool Matches(string[] pattern, int p, string[] words, int w)
    {
        if (p == pattern.Length)
            return w == words.Length;
        if (pattern[p] == "#")
            return Enumerable.Range(w, words.Length - w + 1).Any(next => Matches(pattern, p + 1, words, next));
        return w < words.Length && (pattern[p] == "*" || pattern[p] == words[w]) && Matches(pattern, p + 1, words, w + 1);
    }
}
