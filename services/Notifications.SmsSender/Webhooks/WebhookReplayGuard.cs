using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SmsSender.Webhooks;

/// <summary>
/// Twilio's signature covers the request, not its time: a captured webhook stays valid when sent again, and
/// Twilio itself retries webhooks that timed out. Each (kind, MessageSid, status) is acted on once; a replay is
/// answered as usual and publishes nothing.
/// </summary>
public sealed class WebhookReplayGuard(IConnectionMultiplexer redis, RedisKeys keys, ILogger<WebhookReplayGuard> logger)
{
    /// <summary>
    /// As long as a reply can still be mapped to a conversation (<see cref="RedisSmsThreadStore.ThreadRetention"/>):
    /// a shorter memory let a reply captured on day 1 be replayed into the chat on day 4. It is longer than Twilio
    /// retries or reports on one message too.
    /// </summary>
    public static readonly TimeSpan Retention = RedisSmsThreadStore.ThreadRetention;

    /// <summary>True the first time this webhook is seen. When Redis cannot tell, the webhook is processed: a
    /// rare duplicate event is better than a lost reply.</summary>
    public async Task<bool> FirstTimeAsync(string kind, string messageSid, string status = "")
    {
        if (string.IsNullOrEmpty(messageSid))
            return true;
        try
        {
            return await redis.GetDatabase().StringSetAsync(KeyOf(kind, messageSid, status), 1, Retention, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not check Twilio webhook {Kind} {MessageSid} for a replay ({Error}); processing it", kind, messageSid, ex.GetType().Name);
            return true;
        }
    }

    /// <summary>Forgets a webhook whose processing failed, so Twilio's retry is processed.</summary>
    public async Task ForgetAsync(string kind, string messageSid, string status = "")
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(KeyOf(kind, messageSid, status));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not forget Twilio webhook {Kind} {MessageSid} ({Error})", kind, messageSid, ex.GetType().Name);
        }
    }

    private RedisKey KeyOf(string kind, string messageSid, string status) => keys.Key($"twilio-webhook:{kind}:{messageSid}:{status}");
}
