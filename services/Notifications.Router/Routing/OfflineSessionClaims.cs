using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Routing;

/// <summary>
/// U2 ("one email per offline session") and its SMS twin: a user is notified on a channel only by the first
/// notification that claims the channel for the current offline session. The claim holds that notification's
/// id, so a redelivered message claims it again and is not mistaken for a second notification.
/// Coming online deletes the claim (<see cref="Presence.PresenceStore"/>).
/// </summary>
public sealed class OfflineSessionClaims(IConnectionMultiplexer redis, RouterKeys keys)
{
    /// <summary>A bound for sessions whose "online" event never comes.</summary>
    private static readonly TimeSpan MaxSession = TimeSpan.FromDays(30);

    private const string ClaimScript = """
        local holder = redis.call('GET', KEYS[1])
        if not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        if holder == ARGV[1] then return 1 end
        return 0
        """;

    public async Task<bool> TryClaimAsync(string recipientId, string channel, string notificationId)
    {
        var claimed = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [keys.OfflineSession(recipientId, channel)], [notificationId, (long)MaxSession.TotalMilliseconds]);
        return (int)claimed == 1;
    }
}
