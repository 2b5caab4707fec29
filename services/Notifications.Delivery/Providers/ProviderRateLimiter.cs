using System.Diagnostics;
using Notifications.ConsumerHealth;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using StackExchange.Redis;

namespace Notifications.Delivery.Providers;

/// <summary>
/// A provider's send rate shared by every instance of a sender through Redis: grants are spaced evenly on
/// Redis' clock (so instances agree whatever their own clocks say), one every <see cref="SlotInterval"/>, which keeps
/// every sliding second, not only each second of the clock, at <c>maxPerSecond</c> requests or fewer. A send waits for
/// its slot, it never fails for it. A provider that answered 429 with <c>Retry-After</c> is paused for every instance
/// until that delay has passed; while it holds, this instance's consumers are declared paused
/// (<see cref="ConsumerPauses"/>), so the stall detector does not read the wait as a stall.
/// </summary>
/// <remarks>
/// The spacing is a GCRA (generic cell rate algorithm) with no burst: a burst of B grants at once would let a sliding
/// second hold <c>maxPerSecond + B - 1</c>. Turns are <see cref="SlotInterval"/> apart; a grant may fall within
/// <see cref="Tolerance"/> of its turn, which keeps a saturated provider at its rate (less the guard) when callers
/// wake a little late, and no more than <c>maxPerSecond</c> grants in any sliding second. A caller asks again when the
/// turn is due (one script call each time: the pause is checked on every call).
/// Keys: <c>{prefix}rate:{provider}</c> (the next turn, Redis microseconds; expires a second after it) and
/// <c>{prefix}rate:{provider}:pause</c>; the braces keep both in one Redis Cluster slot.
/// </remarks>
/// <param name="pauses">Null where no bus runs (tests of the limiter alone).</param>
public sealed class ProviderRateLimiter(IConnectionMultiplexer redis, RedisKeys keys, ConsumerPauses? pauses = null)
{
    /// <summary>The longest pause a provider's Retry-After can impose.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much later than its slot a request may reach the provider without pushing a second of the provider's clock
    /// over the limit: <c>maxPerSecond</c> slots span one second plus this guard. A slot is granted on Redis' clock;
    /// the request arrives after the HTTP pipeline, the connection pool and, on a loaded machine, a wait for a CPU,
    /// and those delays differ from one request to the next. The price is the rate: 1 s / 1.06 s, about 94 % of the limit.
    /// </summary>
    public static readonly TimeSpan ArrivalGuard = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// How far from its turn a grant may fall: a caller that comes a little late (woken late on a busy machine) takes
    /// its turn without the schedule losing that time, and the schedule's next turn is not moved. Grants within this of
    /// their turns use two of it of <see cref="ArrivalGuard"/> (the grants of any sliding second still stay within the
    /// limit); the rest, 30 ms, is left for the delay between a grant and the request's arrival at the provider.
    /// </summary>
    public static readonly TimeSpan Tolerance = ArrivalGuard / 4;

    // GCRA: KEYS[1] holds the theoretical time of the next turn (Redis microseconds). A caller is granted when Redis'
    // time is no more than the tolerance before that turn; the turn then moves one interval on from itself, or from
    // the caller's time less the tolerance when later (an idle provider's schedule starts afresh, a late caller's
    // lateness within the tolerance is not lost). No slot is reserved: a caller that is refused comes back when the
    // turn is due, so callers woken together after a stall are granted one by one, spaced again.
    // ARGV[1]: the interval in microseconds (0: unlimited); ARGV[2]: the tolerance in microseconds.
    // Returns {granted, 0} (the grant's time, Redis microseconds), {-1, wait} (microseconds until the turn is due), or
    // {-2, ms} while a Retry-After pause holds for that long.
    private const string Script = """
        local paused = redis.call('PTTL', KEYS[2])
        if paused > 0 then return {-2, paused} end
        local interval = tonumber(ARGV[1])
        if interval <= 0 then return {0, 0} end
        local tolerance = tonumber(ARGV[2])
        local now = redis.call('TIME')
        local us = tonumber(now[1]) * 1000000 + tonumber(now[2])
        local turn = tonumber(redis.call('GET', KEYS[1]) or '0')
        if us < turn - tolerance then return {-1, turn - tolerance - us} end
        if turn < us - tolerance then turn = us - tolerance end
        local after = turn + interval
        redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.floor((after - us) / 1000) + 1000)
        return {us, 0}
        """;

    /// <summary>The time between two turns for <paramref name="maxPerSecond"/>: one second plus the guard, shared
    /// out (rounded up, so the limit is never exceeded by rounding).</summary>
    public static TimeSpan SlotInterval(int maxPerSecond) =>
        maxPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(IntervalMicroseconds(maxPerSecond));

    /// <summary>Waits until the provider may be called; returns the grant's time on Redis' clock in microseconds
    /// since the Unix epoch (0 when unlimited).</summary>
    /// <param name="maxPerSecond">0 means unlimited (only a Retry-After pause is honoured).</param>
    public async Task<long> WaitForSlotAsync(string provider, int maxPerSecond, CancellationToken cancellationToken)
    {
        RedisKey[] slotKeys = [KeyOf(provider), KeyOf(provider).Append(":pause")];
        long? waitingSince = null;
        var pausedWhileWaiting = false;
        var interval = maxPerSecond <= 0 ? 0 : IntervalMicroseconds(maxPerSecond);
        while (true)
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, slotKeys, [interval, (long)Tolerance.TotalMicroseconds]))!;
            var granted = (long)result[0];
            var wait = (long)result[1];
            if (granted >= 0)
            {
                if (waitingSince is { } since)
                {
                    var tag = new KeyValuePair<string, object?>(NotificationsTelemetry.Provider, provider);
                    NotificationsMetrics.RateLimitWaits.Add(1, tag, new(NotificationsMetrics.RateLimitReason, pausedWhileWaiting ? "retry_after" : "limit"));
                    NotificationsMetrics.RateLimitWaitDuration.Record(Stopwatch.GetElapsedTime(since).TotalSeconds, tag);
                }
                return granted;
            }
            waitingSince ??= Stopwatch.GetTimestamp();
            if (granted == Paused)
            {
                // The pause may have been set by another instance: this one's consumers wait it out by design. Which of
                // its queues calls this provider is not known here, so every queue of the service is excused.
                pausedWhileWaiting = true;
                pauses?.PauseFor(ConsumerPauses.AllQueues, TimeSpan.FromMilliseconds(wait), RetryAfterReason(provider));
                // A little jitter so the instances that waited do not all ask again in the same millisecond.
                await Task.Delay(TimeSpan.FromMilliseconds(wait + Random.Shared.Next(1, 15)), cancellationToken);
                continue;
            }
            // Due at the turn: whoever asks first then is granted, the others are told when the next one is due.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait / 1000.0)), cancellationToken);
        }
    }

    /// <summary>Holds every instance's sends to <paramref name="provider"/> for <paramref name="delay"/> (its Retry-After).</summary>
    public Task PauseAsync(string provider, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
            return Task.CompletedTask;
        if (delay > MaxPause)
            delay = MaxPause;
        NotificationsMetrics.RateLimitPauses.Add(1, new KeyValuePair<string, object?>(NotificationsTelemetry.Provider, provider));
        pauses?.PauseFor(ConsumerPauses.AllQueues, delay, RetryAfterReason(provider));
        return redis.GetDatabase().StringSetAsync(KeyOf(provider).Append(":pause"), "1", delay);
    }

    private const long Paused = -2;

    private static long IntervalMicroseconds(int maxPerSecond) =>
        (long)Math.Ceiling((1_000_000 + ArrivalGuard.TotalMicroseconds) / maxPerSecond);

    private static string RetryAfterReason(string provider) => $"{provider} asked to wait (Retry-After)";

    private RedisKey KeyOf(string provider) => keys.Key("rate:{" + provider + "}");
}
