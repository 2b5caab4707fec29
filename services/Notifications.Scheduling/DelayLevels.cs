namespace Notifications.Scheduling;

/// <summary>
/// The arithmetic of the delay ladder (<see cref="DelayLadder"/>): level <c>k</c> holds a message for 2^k seconds,
/// so a delay of <c>d</c> seconds is the sum of the levels whose bit is set in <c>d</c>. With <see cref="Count"/>
/// levels every whole number of seconds up to <see cref="MaxDelay"/> (2^20 - 1 s, a little over 12 days) is served.
/// The bits travel in the routing key, highest level first, so each level's exchange can tell, by the message's
/// key alone, whether the message sits in that level's queue or passes straight on to the next level.
/// </summary>
public static class DelayLevels
{
    /// <summary>Levels 0 to 19. Twelve days cover every wait the rules name (quiet hours, escalation,
    /// redelivery after an outage); each extra level doubles the maximum and costs one queue.</summary>
    public const int Count = 20;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds((1 << Count) - 1);

    /// <summary>The delay in whole seconds, rounded up: a message is never delivered before it is due.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or longer than <see cref="MaxDelay"/>.</exception>
    public static int SecondsOf(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero || delay > MaxDelay)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"A delay must be between 0 and {MaxDelay.TotalSeconds:0} s ({MaxDelay}).");
        return (int)Math.Ceiling(delay.TotalSeconds);
    }

    /// <summary>The levels a message of <paramref name="seconds"/> sits in (it passes through all others), highest first.</summary>
    public static IReadOnlyList<int> HeldAt(int seconds)
    {
        var levels = new List<int>();
        for (var level = Count - 1; level >= 0; level--)
            if (IsHeldAt(seconds, level))
                levels.Add(level);
        return levels;
    }

    public static bool IsHeldAt(int seconds, int level) => (seconds & (1 << level)) != 0;

    /// <summary>How long level <paramref name="level"/> holds a message: 2^level seconds.</summary>
    public static TimeSpan HoldOf(int level) => TimeSpan.FromSeconds(1 << level);

    /// <summary>
    /// <c>b19.b18.….b0.{destination}</c>: one word per level, <c>1</c> where the message sits, then the queue it
    /// goes to in the end. For 3 s to <c>orders</c>: <c>0.….0.1.1.orders</c>.
    /// </summary>
    public static string RoutingKey(int seconds, string destinationQueue)
    {
        var words = new string[Count + 1];
        for (var level = Count - 1; level >= 0; level--)
            words[Count - 1 - level] = IsHeldAt(seconds, level) ? "1" : "0";
        words[Count] = destinationQueue;
        return string.Join('.', words);
    }

    /// <summary>The topic pattern that matches a key whose word for <paramref name="level"/> is <paramref name="bit"/>.</summary>
    public static string PatternFor(int level, bool bit) =>
        string.Concat(Enumerable.Repeat("*.", Count - 1 - level)) + (bit ? "1" : "0") + ".#";

    /// <summary>The topic pattern that matches every key ending in exactly <paramref name="destinationQueue"/>.</summary>
    public static string DestinationPattern(string destinationQueue) =>
        string.Concat(Enumerable.Repeat("*.", Count)) + destinationQueue;
}
