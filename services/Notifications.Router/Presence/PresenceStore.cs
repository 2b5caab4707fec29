using Notifications.Contracts;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Presence;

/// <summary>
/// Writes <c>PresenceChanged</c> into Redis. An event older than the stored one does not change the state, so events
/// that arrive out of order never overwrite newer state. Every event, in order or not, still adds to the evidence
/// that ends an offline session (U2): <c>presence:{id}:last-online</c>, the latest moment the participant is known
/// to have been online (an online event's time, or the time of an offline event that ended an online state).
/// </summary>
public sealed class PresenceStore(IConnectionMultiplexer redis, RouterKeys keys)
{
    /// <summary>As long as an offline session can last (<see cref="Routing.OfflineSessionClaims"/>).</summary>
    private static readonly TimeSpan EvidenceLifetime = TimeSpan.FromDays(30);

    // KEYS: presence hash, last-online. ARGV: online (0/1), at (unix ms), evidence lifetime (ms).
    private const string ApplyScript = """
        local stored = tonumber(redis.call('HGET', KEYS[1], 'at') or '-1')
        local storedOnline = redis.call('HGET', KEYS[1], 'online') == '1'
        local at = tonumber(ARGV[2])
        local onlineAt = nil
        if ARGV[1] == '1' then onlineAt = at elseif storedOnline and at > stored then onlineAt = at end
        if onlineAt and onlineAt > tonumber(redis.call('GET', KEYS[2]) or '-1') then
          redis.call('SET', KEYS[2], onlineAt, 'PX', ARGV[3])
        end
        if at < stored then return 0 end
        redis.call('HSET', KEYS[1], 'online', ARGV[1], 'at', ARGV[2])
        return 1
        """;

    /// <returns>False when the event was older than the stored state, which it left as it was.</returns>
    public async Task<bool> ApplyAsync(PresenceChanged change)
    {
        var applied = await redis.GetDatabase().ScriptEvaluateAsync(
            ApplyScript,
            [keys.Presence(change.ParticipantId), keys.PresenceLastOnline(change.ParticipantId)],
            [change.Online ? "1" : "0", change.At.ToUnixTimeMilliseconds(), (long)EvidenceLifetime.TotalMilliseconds]);
        return (int)applied == 1;
    }
}
