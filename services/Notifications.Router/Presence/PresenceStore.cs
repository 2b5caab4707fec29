using Notifications.Contracts;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Presence;

/// <summary>
/// Writes <c>PresenceChanged</c> into Redis. An event older than the stored one is ignored, so events that
/// arrive out of order never overwrite newer state. Coming online ends the offline session (U2).
/// </summary>
public sealed class PresenceStore(IConnectionMultiplexer redis, RouterKeys keys)
{
    // KEYS: presence hash, then the offline-session keys to clear when online. ARGV: online (0/1), at (unix ms).
    private const string ApplyScript = """
        local stored = tonumber(redis.call('HGET', KEYS[1], 'at') or '-1')
        local at = tonumber(ARGV[2])
        if at < stored then return 0 end
        redis.call('HSET', KEYS[1], 'online', ARGV[1], 'at', ARGV[2])
        if ARGV[1] == '1' then
          for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
        end
        return 1
        """;

    /// <returns>False when the event was older than the stored state and ignored.</returns>
    public async Task<bool> ApplyAsync(PresenceChanged change)
    {
        RedisKey[] keysToTouch =
        [
            keys.Presence(change.ParticipantId),
            keys.OfflineSession(change.ParticipantId, Channels.Email),
            keys.OfflineSession(change.ParticipantId, Channels.Sms),
        ];
        var applied = await redis.GetDatabase().ScriptEvaluateAsync(
            ApplyScript, keysToTouch, [change.Online ? "1" : "0", change.At.ToUnixTimeMilliseconds()]);
        return (int)applied == 1;
    }
}
