using System.Diagnostics;
using Notifications.ConsumerHealth;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using StackExchange.Redis;

namespace Notifications.Delivery.Providers;

/// <summary>
/// A provider's send rate shared by every instance of a sender through Redis: slots are handed out evenly spaced on
/// Redis' clock (so instances agree whatever their own clocks say), one every <see cref="SlotInterval"/>, which keeps
/// every sliding second, not only each second of the clock, at <c>maxPerSecond</c> requests or fewer. A send waits for
/// its slot, it never fails for it. A provider that answered 429 with <c>Retry-After</c> is paused for every instance
/// until that delay has passed; while it holds, this instance's consumers are declared paused
/// (<see cref="ConsumerPauses"/>), so the stall detector does not read the wait as a stall.
/// </summary>
/// <remarks>
/// The spacing is a GCRA (generic cell rate algorithm) with no burst: a burst of B slots at once would let a sliding
/// second hold <c>maxPerSecond + B - 1</c>. Each caller reserves the next free slot (the script moves the next slot
/// one interval on) and sleeps until it, so the slots of a saturated provider follow each other exactly and its rate
/// is the limit's, less the <see cref="ArrivalGuard"/>.
/// Keys: <c>{prefix}rate:{provider}</c> (the next free slot, Redis microseconds; expires a second after it) and
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
    /// and those delays differ from one request to the next. The price is the rate: 1 s / 1.05 s, about 95 % of the limit.
    /// </summary>
    public static readonly TimeSpan ArrivalGuard = TimeSpan.FromMilliseconds(50);

    // ARGV[1]: the interval between slots in microseconds (0: unlimited). Returns {slot, wait}: the reserved slot
    // (Redis microseconds) and how long until it (microseconds, 0 when it is now); or {-2, ms} while a Retry-After
    // pause holds for that long (no slot is reserved then).
    private const string Script = """
        local paused = redis.call('PTTL', KEYS[2])
        if paused > 0 then return {-2, paused} end
        local interval = tonumber(ARGV[1])
        if interval <= 0 then return {0, 0} end
        local now = redis.call('TIME')
        local us = tonumber(now[1]) * 1000000 + tonumber(now[2])
        local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
        if slot < us then slot = us end
        local after = slot + interval
        redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.floor((after - us) / 1000) + 1000)
        return {slot, slot - us}
        """;

    /// <summary>The time between two slots for <paramref name="maxPerSecond"/>: one second plus the guard, shared
    /// out (rounded up, so the limit is never exceeded by rounding).</summary>
    public static TimeSpan SlotInterval(int maxPerSecond) =>
        maxPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(IntervalMicroseconds(maxPerSecond));

    /// <summary>Waits until the provider may be called; returns the slot's time on Redis' clock in microseconds
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
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, slotKeys, [interval]))!;
            var slot = (long)result[0];
            var wait = (long)result[1];
            if (slot == PausedSlot)
            {
                waitingSince ??= Stopwatch.GetTimestamp();
                // The pause may have been set by another instance: this one's consumers wait it out by design. Which of
                // its queues calls this provider is not known here, so every queue of the service is excused.
                pausedWhileWaiting = true;
                pauses?.PauseFor(ConsumerPauses.AllQueues, TimeSpan.FromMilliseconds(wait), RetryAfterReason(provider));
                // A little jitter so the instances that waited do not all ask again in the same millisecond.
                await Task.Delay(TimeSpan.FromMilliseconds(wait + Random.Shared.Next(1, 15)), cancellationToken);
                continue;
            }
            if (wait > 0)
            {
                waitingSince ??= Stopwatch.GetTimestamp();
                // The slot is this caller's: no other caller is given it, so no jitter and no second ask for it.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait / 1000.0)), cancellationToken); // never before the slot
                // A 429 seen while this caller slept must hold its send too: its slot is given up and a new one asked
                // for once the pause is over.
                if (await redis.GetDatabase().KeyTimeToLiveAsync(slotKeys[1]) is { } pause && pause > TimeSpan.Zero)
                {
                    pausedWhileWaiting = true;
                    pauses?.PauseFor(ConsumerPauses.AllQueues, pause, RetryAfterReason(provider));
                    await Task.Delay(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(1, 15)), cancellationToken);
                    continue;
                }
            }
            if (waitingSince is { } since)
            {
                var tag = new KeyValuePair<string, object?>(NotificationsTelemetry.Provider, provider);
                NotificationsMetrics.RateLimitWaits.Add(1, tag, new(NotificationsMetrics.RateLimitReason, pausedWhileWaiting ? "retry_after" : "limit"));
                NotificationsMetrics.RateLimitWaitDuration.Record(Stopwatch.GetElapsedTime(since).TotalSeconds, tag);
            }
            return slot;
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

    private const long PausedSlot = -2;

    private static long IntervalMicroseconds(int maxPerSecond) =>
        (long)Math.Ceiling((1_000_000 + ArrivalGuard.TotalMicroseconds) / maxPerSecond);

    private static string RetryAfterReason(string provider) => $"{provider} asked to wait (Retry-After)";

    private RedisKey KeyOf(string provider) => keys.Key("rate:{" + provider + "}");
}
