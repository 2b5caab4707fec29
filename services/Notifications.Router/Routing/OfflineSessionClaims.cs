using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Routing;

/// <summary>
/// U2 ("one email per offline session") and its SMS twin: a user is notified on a channel only by the first
/// notification that claims the channel for the current offline session.
/// <list type="bullet">
/// <item>The claim holds that notification's id, so a redelivered message claims it again and is not mistaken
/// for a second notification.</item>
/// <item>The session ends when the user was online at any time after the claim, whatever order the presence events
/// were consumed in: <c>presence:{id}:last-online</c> (written by <see cref="Presence.PresenceStore"/> from every
/// event, in order or not) later than the claim.</item>
/// <item>A platform that only writes heartbeats never says "online": a heartbeat after the claim was made shows
/// the user came back, so the old claim belongs to an ended session. The evidence is the user's
/// <c>presence:{id}:last-seen</c> (the time of their latest heartbeat, written with every heartbeat), because
/// the devices sorted set itself may be emptied by the time the next message comes (a platform trims expired
/// entries or removes a device on disconnect). A device in the set live after the claim counts too, for
/// platforms that write only the set and never trim it.</item>
/// </list>
/// </summary>
public sealed class OfflineSessionClaims(IConnectionMultiplexer redis, RouterKeys keys, TimeProvider clock)
{
    /// <summary>A bound for sessions whose end is never observed.</summary>
    private static readonly TimeSpan MaxSession = TimeSpan.FromDays(30);

    // KEYS: the claim, the user's heartbeat devices, their last-seen time, their last-online time (from events). ARGV: notification id, now (unix ms),
    // claim lifetime (ms). The claim is "{claimedAtMs}|{notificationId}".
    private const string ClaimScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder then
          local separator = string.find(holder, '|', 1, true)
          local claimedAt = tonumber(string.sub(holder, 1, separator - 1))
          if string.sub(holder, separator + 1) == ARGV[1] then return 1 end
          local lastSeen = math.max(tonumber(redis.call('GET', KEYS[3]) or '0') or 0, tonumber(redis.call('GET', KEYS[4]) or '0') or 0)
          local newest = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
          local liveAfterClaim = #newest > 0 and tonumber(newest[2]) > claimedAt
          if lastSeen <= claimedAt and not liveAfterClaim then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    public async Task<bool> TryClaimAsync(string recipientId, string channel, string notificationId)
    {
        var claimed = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [keys.OfflineSession(recipientId, channel), keys.PresenceDevices(recipientId), keys.PresenceLastSeen(recipientId), keys.PresenceLastOnline(recipientId)],
            [notificationId, clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)MaxSession.TotalMilliseconds]);
        return (int)claimed == 1;
    }
}
