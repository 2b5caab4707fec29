using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.ServiceDefaults.Delivery;

public enum LedgerClaim
{
    /// <summary>This consumer owns the notification now and may send it.</summary>
    Claimed,

    /// <summary>It was sent (or failed for good) before: a redelivered command must not send again.</summary>
    AlreadyFinished,

    /// <summary>Another consumer is sending it right now; try again after its lease.</summary>
    HeldElsewhere,
}

/// <summary>
/// Makes the senders idempotent on the notification id. A send first claims the id with a lease (so two
/// instances never send the same notification at once, and a crashed instance's claim expires), then marks
/// it finished. A command redelivered after that is acknowledged without sending.
/// </summary>
public sealed class DeliveryLedger(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>How long "finished" is remembered: far longer than any redelivery or retry.</summary>
    public static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(7);

    private const string ClaimScript = """
        local current = redis.call('GET', KEYS[1])
        if current == 'finished' then return 1 end
        if current then return 2 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>The ledger key of a notification: <c>finished</c> once it was handled for good.</summary>
    public RedisKey KeyOf(string notificationId) => keys.Key("ledger:" + notificationId);

    public async Task<LedgerClaim> TryClaimAsync(string notificationId, string claimToken, TimeSpan lease)
    {
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [KeyOf(notificationId)], [claimToken, (long)lease.TotalMilliseconds]);
        return result switch
        {
            0 => LedgerClaim.Claimed,
            1 => LedgerClaim.AlreadyFinished,
            _ => LedgerClaim.HeldElsewhere,
        };
    }

    public Task MarkFinishedAsync(string notificationId) =>
        redis.GetDatabase().StringSetAsync(KeyOf(notificationId), "finished", FinishedRetention);

    /// <summary>Gives a claim back after a transient failure, so the retry (here or elsewhere) can claim it.</summary>
    public Task ReleaseAsync(string notificationId, string claimToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [KeyOf(notificationId)], [claimToken]);
}
