using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Presence;

/// <summary>
/// Reads whether a participant is online now, from the keys the router keeps (see docs/presence-and-directory.md):
/// the latest <c>PresenceChanged</c> in <c>presence:{id}</c>, or any unexpired heartbeat in <c>presence:{id}:devices</c>.
/// </summary>
public sealed class PresenceReader(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider clock)
{
    public async Task<bool> IsOnlineAsync(string participantId)
    {
        var db = redis.GetDatabase();
        var online = db.HashGetAsync(keys.Key($"presence:{participantId}"), "online");
        var devices = db.SortedSetLengthAsync(keys.Key($"presence:{participantId}:devices"),
            clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
        return (string?)await online == "1" || await devices > 0;
    }
}
