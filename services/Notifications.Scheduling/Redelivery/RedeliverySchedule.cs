namespace Notifications.Scheduling.Redelivery;

/// <summary>
/// When a message that failed all its in-memory retries comes back: <see cref="FirstDelay"/> after the first
/// failure, doubling up to <see cref="MaxDelay"/>, for as many redeliveries as fit in <see cref="Limit"/>. The number
/// is fixed by the schedule, not measured by a clock, so the consumer (which publishes the final failure) and the
/// filter (which gives up) always agree on which attempt is the last.
/// </summary>
public sealed record RedeliverySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan Limit)
{
    public static RedeliverySchedule From(MessagingOptions options) => new(
        TimeSpan.FromSeconds(options.RedeliveryFirstDelaySeconds),
        TimeSpan.FromSeconds(options.RedeliveryMaxDelaySeconds),
        TimeSpan.FromHours(options.RedeliveryHours));

    /// <summary>How long the message waits before redelivery number <paramref name="redelivery"/> (0 is the first).</summary>
    public TimeSpan DelayBefore(int redelivery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(redelivery);
        var doubled = FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(redelivery, 30));
        return TimeSpan.FromSeconds(Math.Min(doubled, MaxDelay.TotalSeconds));
    }

    /// <summary>The redeliveries whose delays add up to no more than <see cref="Limit"/>; 0 switches redelivery off.</summary>
    public int MaxRedeliveries
    {
        get
        {
            var total = TimeSpan.Zero;
            var count = 0;
            while (count < 10_000 && total + DelayBefore(count) <= Limit)
                total += DelayBefore(count++);
            return count;
        }
    }

    /// <summary>What the delays of every redelivery add up to: how long a message is kept coming back at most.</summary>
    public TimeSpan TotalDelay => Enumerable.Range(0, MaxRedeliveries).Aggregate(TimeSpan.Zero, (sum, n) => sum + DelayBefore(n));
}
