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
/// <item><c>presence:{id}:last-online</c> string: unix ms of the latest moment events show them online (ends an offline session, U2).</item>
/// </list>
/// </summary>
public static class PresenceKeys
{
    public static RedisKey State(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}");

    public static RedisKey Devices(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}:devices");

    public static RedisKey LastSeen(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}:last-seen");

    /// <summary>unix ms of the latest moment the participant is known to have been online from events: an online
    /// event's <c>at</c>, or an offline event's <c>at</c> that ended an online state. It ends an offline session (U2)
    /// whatever order the events are consumed in.</summary>
    public static RedisKey LastOnline(RedisKeys keys, string participantId) => keys.Key($"presence:{participantId}:last-online");

    /// <summary>
    /// The one definition of "online", as a Lua function <c>is_online(prefix, id, now_ms, event_max_age_ms)</c>: the
    /// latest <c>PresenceChanged</c> says online (and, when <c>event_max_age_ms</c> is above 0, is no older than that:
    /// <c>Presence:EventOnlineMaxAgeMinutes</c>), or a device's heartbeat expires after now. Both readers run this
    /// text, the router inside its routing snapshot script and <see cref="PresenceReader"/> on its own, so they cannot disagree.
    /// </summary>
    public const string IsOnlineLua = """
        local function is_online(prefix, id, now, event_max_age)
          now = tonumber(now)
          event_max_age = tonumber(event_max_age) or 0
          local state = prefix .. 'presence:' .. id
          local by_event = redis.call('HGET', state, 'online') == '1'
          if by_event and event_max_age > 0 then
            by_event = now - (tonumber(redis.call('HGET', state, 'at')) or 0) <= event_max_age
          end
          return by_event or redis.call('ZCOUNT', state .. ':devices', '(' .. now, '+inf') > 0
        end
        """;
}
