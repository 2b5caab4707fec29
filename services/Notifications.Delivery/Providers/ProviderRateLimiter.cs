using System.Diagnostics;
using Notifications.ConsumerHealth;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using StackExchange.Redis;

namespace Notifications.Delivery.Providers;

/// <summary>
/// A provider's send rate shared by every instance of a sender through Redis: at most <c>maxPerSecond</c> requests
/// in each second of Redis' clock (so instances agree on the second whatever their own clocks say). A send waits
/// for its slot, it never fails for it. A provider that answered 429 with <c>Retry-After</c> is paused for every
/// instance until that delay has passed; while it holds, this instance's consumers are declared paused
/// (<see cref="ConsumerPauses"/>), so the stall detector does not read the wait as a stall.
/// </summary>
/// <remarks>Keys: <c>{prefix}rate:{provider}</c> (a hash: current window and its count, expires after 2 s) and
/// <c>{prefix}rate:{provider}:pause</c>; the braces keep both in one Redis Cluster slot.</remarks>
/// <param name="pauses">Null where no bus runs (tests of the limiter alone).</param>
public sealed class ProviderRateLimiter(IConnectionMultiplexer redis, RedisKeys keys, ConsumerPauses? pauses = null)
{
    /// <summary>The longest pause a provider's Retry-After can impose.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(5);

    // Returns {window, 0} for a slot in that window, {-1, ms} to wait that long for the next window, or {-2, ms}
    // while a Retry-After pause holds for that long.
    private const string Script = """
        local paused = redis.call('PTTL', KEYS[2])
        if paused > 0 then return {-2, paused} end
        local limit = tonumber(ARGV[1])
        if limit <= 0 then return {0, 0} end
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local window = math.floor(ms / 1000)
        if redis.call('HGET', KEYS[1], 'w') ~= tostring(window) then
          redis.call('HSET', KEYS[1], 'w', tostring(window), 'n', 0)
        end
        local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
        redis.call('PEXPIRE', KEYS[1], 2000)
        if n <= limit then return {window, 0} end
        return {-1, 1000 - (ms % 1000)}
        """;

    /// <summary>Waits until the provider may be called; returns the Redis second of the slot (0 when unlimited).</summary>
    /// <param name="maxPerSecond">0 means unlimited (only a Retry-After pause is honoured).</param>
    public async Task<long> WaitForSlotAsync(string provider, int maxPerSecond, CancellationToken cancellationToken)
    {
        RedisKey[] slotKeys = [KeyOf(provider), KeyOf(provider).Append(":pause")];
        long? waitingSince = null;
        var pausedWhileWaiting = false;
        while (true)
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, slotKeys, [Math.Max(0, maxPerSecond)]))!;
            var window = (long)result[0];
            var waitMs = (long)result[1];
            if (window >= 0)
            {
                if (waitingSince is { } since)
                {
                    var tag = new KeyValuePair<string, object?>(NotificationsTelemetry.Provider, provider);
                    NotificationsMetrics.RateLimitWaits.Add(1, tag, new(NotificationsMetrics.RateLimitReason, pausedWhileWaiting ? "retry_after" : "limit"));
                    NotificationsMetrics.RateLimitWaitDuration.Record(Stopwatch.GetElapsedTime(since).TotalSeconds, tag);
                }
                return window;
            }
            waitingSince ??= Stopwatch.GetTimestamp();
            // The pause may have been set by another instance: this one's consumers wait it out by design. Which of
            // its queues calls this provider is not known here, so every queue of the service is excused.
            if (window == PausedWindow)
            {
                pausedWhileWaiting = true;
                pauses?.PauseFor(ConsumerPauses.AllQueues, TimeSpan.FromMilliseconds(waitMs), RetryAfterReason(provider));
            }
            // A little jitter so the instances that waited do not all ask again in the same millisecond.
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs + Random.Shared.Next(1, 15)), cancellationToken);
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

    private const long PausedWindow = -2;

    private static string RetryAfterReason(string provider) => $"{provider} asked to wait (Retry-After)";

    private RedisKey KeyOf(string provider) => keys.Key("rate:{" + provider + "}");
}
