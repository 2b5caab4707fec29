using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Presence;

/// <summary>
/// The presence family's keys (docs/presence-and-directory.md), written by the router (<c>PresenceChanged</c>) and
/// by the platform directly (heartbeats), read by the router's routing snapshot and the email sender.
/// <list type="bullet">
/// <item><c>presence:{id}</c> hash <c>online</c> (0/1), <c>at</c> (unix ms): the latest <c>PresenceChanged</c>.</item>
/// <item><c>presence:{id}:devices</c> sorted set: device id scored by the unix ms its heartbeat expires.</item>
/// <item><c>presence:{id}:last-seen</c> string: unix ms of the latest heartbeat (ends an offline session, U2).</item>
/// </list>
/// </summary>
public static class PresenceKeys
{
    public static RedisKey State(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}");

    public static RedisKey Devices(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}:devices");

    public static RedisKey LastSeen(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}:last-seen");

    /// <summary>
    /// The one definition of "online", as a Lua function <c>is_online(prefix, id, now_ms)</c>: the latest
    /// <c>PresenceChanged</c> says online, or a device's heartbeat expires after now. Both readers run this text, the
    /// router inside its routing snapshot script and <see cref="PresenceReader"/> on its own, so they cannot disagree.
    /// </summary>
    public const string IsOnlineLua = """
        local function is_online(prefix, id, now)
          return redis.call('HGET', prefix .. 'presence:' .. id, 'online') == '1'
            or redis.call('ZCOUNT', prefix .. 'presence:' .. id .. ':devices', '(' .. now, '+inf') > 0
        end
        """;
}
