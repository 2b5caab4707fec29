using System.Net;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Admin.Security;

/// <summary>
/// Counts wrong secrets (console sign-ins, admin API keys) in Redis, so every admin instance sees the same counts:
/// per client address and overall, within <c>Admin:SignIn:FailureWindowSeconds</c>. An address past its limit, or
/// any failing address once the overall limit is passed, is locked out for <c>Admin:SignIn:LockoutSeconds</c>, even
/// with the right secret. Keys: <c>{prefix}admin:sign-in:failures[:address]</c>, <c>{prefix}admin:sign-in:lockout:{address}</c>.
/// </summary>
public sealed class SignInGuard(IConnectionMultiplexer redis, RedisKeys keys, IOptions<AdminSecurityOptions> options, ILogger<SignInGuard> logger)
{
    // One round trip, atomic: both counts (each expiring a window after its first failure) and the lockout decision,
    // so parallel attempts cannot slip past the limit between a read and a write.
    private const string RecordFailureScript = """
        local address = redis.call('INCR', KEYS[1])
        if address == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local overall = redis.call('INCR', KEYS[2])
        if overall == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
        if address >= tonumber(ARGV[2]) or overall > tonumber(ARGV[3]) then
            if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
        end
        return {address, overall, redis.call('PTTL', KEYS[3])}
        """;

    private AdminSecurityOptions.SignInOptions Limits => options.Value.SignIn;

    /// <summary>How long the address is still locked out, or null when it is not (or Redis cannot tell).</summary>
    public async Task<TimeSpan?> LockedOutForAsync(IPAddress? address)
    {
        try
        {
            var left = await redis.GetDatabase().KeyTimeToLiveAsync(LockoutKey(address));
            return left is { } time && time > TimeSpan.Zero ? time : null;
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            // The per-instance rate limit still applies; refusing every operator while Redis is away would be worse.
            logger.LogWarning("Could not read the sign-in lockout ({Error}); not locked out", failure.GetType().Name);
            return null;
        }
    }

    /// <summary>Counts a wrong secret; answers how long the address is now locked out (null: not locked).</summary>
    public async Task<TimeSpan?> RecordFailureAsync(IPAddress? address, string through)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RecordFailureScript,
                [FailuresKey(address), keys.Key("admin:sign-in:failures"), LockoutKey(address)],
                [Limits.FailureWindowSeconds * 1000L, Limits.MaxFailuresPerAddress, Limits.MaxFailuresOverall, Limits.LockoutSeconds * 1000L]))!;
            var (fromAddress, overall, lockedMs) = ((long)result[0], (long)result[1], (long)result[2]);
            if (lockedMs <= 0)
                return null;
            if (fromAddress == Limits.MaxFailuresPerAddress || overall == Limits.MaxFailuresOverall + 1)
                logger.LogWarning("Sign-ins from {Address} locked out for {Seconds} s after {Failures} wrong secrets through {Through} ({Overall} from all addresses)",
                    Name(address), lockedMs / 1000, fromAddress, through, overall);
            return TimeSpan.FromMilliseconds(lockedMs);
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not count a failed sign-in from {Address} ({Error})", Name(address), failure.GetType().Name);
            return null;
        }
    }

    /// <summary>A right secret: the address starts again from no failures (a lockout still runs out by itself).</summary>
    public async Task RecordSuccessAsync(IPAddress? address)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(FailuresKey(address));
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogDebug("Could not reset the failed sign-ins of {Address} ({Error})", Name(address), failure.GetType().Name);
        }
    }

    /// <summary>The address as counted: IPv4 clients seen over IPv6 are the same client.</summary>
    public static string Name(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private RedisKey FailuresKey(IPAddress? address) => keys.Key("admin:sign-in:failures:" + Name(address));

    private RedisKey LockoutKey(IPAddress? address) => keys.Key("admin:sign-in:lockout:" + Name(address));
}
