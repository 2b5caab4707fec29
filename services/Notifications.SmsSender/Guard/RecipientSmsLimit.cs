using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Redis;
using Notifications.SmsSender.Settings;
using StackExchange.Redis;

namespace Notifications.SmsSender.Guard;

/// <summary>
/// Abuse guard against SMS pumping: at most <c>Sms:RateLimit:PerRecipientPerHour</c> SMS to one user's number in any
/// rolling hour, counted in Redis so every instance of the sender shares the count. Each notification counts
/// once, so a retried send does not use up the recipient's allowance. Agents' numbers were entered by the help desk
/// itself, not by whoever opens a chat: they have their own limit, <c>Sms:RateLimit:PerAgentNumberPerHour</c>, off
/// by default, and their own count.
/// </summary>
public sealed class RecipientSmsLimit(IConnectionMultiplexer redis, RedisKeys keys, IOptions<SmsOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // A sorted set per number: members are notification ids, scores the send time (Redis' clock, so instances agree).
    private const string Script = """
        local now = redis.call('TIME')
        local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms - tonumber(ARGV[2]))
        if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ms, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>Throws a permanent <see cref="ProviderException"/> when the number had its allowance this hour.</summary>
    public async Task EnsureAllowedAsync(string to, string notificationId, string recipientRole)
    {
        var agent = recipientRole == ParticipantRoles.Agent;
        var limit = agent ? options.Value.RateLimit.PerAgentNumberPerHour : options.Value.RateLimit.PerRecipientPerHour;
        if (limit <= 0)
            return;

        var allowed = (int)await redis.GetDatabase().ScriptEvaluateAsync(Script,
            [keys.Key((agent ? "sms-agent-limit:" : "sms-recipient-limit:") + to)],
            [notificationId, (long)Window.TotalMilliseconds, limit]);
        if (allowed == 0)
            throw new ProviderException(
                $"SMS blocked by the abuse guard: the recipient's number ({PhoneMasking.Mask(to)}) already received {limit} SMS in the last hour "
                + (agent ? "(Sms:RateLimit:PerAgentNumberPerHour)" : "(Sms:RateLimit:PerRecipientPerHour)"),
                permanent: true);
    }
}
