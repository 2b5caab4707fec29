using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Routing;

/// <summary>
/// U2 ("one email per offline session") and its SMS twin: a user is notified on a channel only by the first
/// notification that claims the channel for the current offline session.
/// <list type="bullet">
/// <item>The claim holds that notification's id, so a redelivered message claims it again and is not mistaken
/// for a second notification.</item>
/// <item>A <c>PresenceChanged { online: true }</c> deletes the claim (<see cref="Presence.PresenceStore"/>).</item>
/// <item>A platform that only writes heartbeats never says "online": a device heartbeat that was live after
/// the claim was made shows the user came back, so the old claim belongs to an ended session.</item>
/// </list>
/// </summary>
public sealed class OfflineSessionClaims(IConnectionMultiplexer redis, RouterKeys keys, TimeProvider clock)
{
    /// <summary>A bound for sessions whose end is never observed.</summary>
    private static readonly TimeSpan MaxSession = TimeSpan.FromDays(30);

    // KEYS: the claim, the user's heartbeat devices. ARGV: notification id, now (unix ms), claim lifetime (ms).
    // The claim is "{claimedAtMs}|{notificationId}".
    private const string ClaimScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder then
          local separator = string.find(holder, '|', 1, true)
          local claimedAt = tonumber(string.sub(holder, 1, separator - 1))
          if string.sub(holder, separator + 1) == ARGV[1] then return 1 end
          local newest = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
          if #newest == 0 or tonumber(newest[2]) <= claimedAt then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    public async Task<bool> TryClaimAsync(string recipientId, string channel, string notificationId)
    {
        var claimed = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [keys.OfflineSession(recipientId, channel), keys.PresenceDevices(recipientId)],
            [notificationId, clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)MaxSession.TotalMilliseconds]);
        return (int)claimed == 1;
    }
}
