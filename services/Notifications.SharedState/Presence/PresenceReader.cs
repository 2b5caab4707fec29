using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Presence;

/// <summary>Reads whether a participant is online now, by <see cref="PresenceKeys.IsOnlineLua"/> (the router's own rule).</summary>
public sealed class PresenceReader(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider clock, IOptions<PresenceOptions> options)
{
    // ARGV: prefix, participant id, now (unix ms), the online event's maximum age (ms, 0 for none).
    private const string Script = PresenceKeys.IsOnlineLua + """

        if is_online(ARGV[1], ARGV[2], ARGV[3], ARGV[4]) then return 1 end
        return 0
        """;

    public async Task<bool> IsOnlineAsync(string participantId)
    {
        var online = await redis.GetDatabase().ScriptEvaluateAsync(Script,
            values: [keys.Prefix, participantId, clock.GetUtcNow().ToUnixTimeMilliseconds(), options.Value.EventOnlineMaxAgeMilliseconds]);
        return (int)online == 1;
    }
}
