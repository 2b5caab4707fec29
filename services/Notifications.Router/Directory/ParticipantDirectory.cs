using System.Text.Json;
using StackExchange.Redis;

namespace Notifications.Router.Directory;

/// <summary>
/// Keeps the participant directory in Redis current from <c>ParticipantUpserted</c>/<c>ParticipantRemoved</c>.
/// Each change is one Lua script, which reads the stored entry and rewrites the agent and department sets from
/// it atomically: the router consumes its queue concurrently, and a read-then-write from here would let two
/// updates of one participant interleave and leave a department set that does not match the stored entry.
/// </summary>
/// <remarks>The scripts build key names from the prefix (the layout of <see cref="RouterKeys"/>), so they need a
/// single Redis node or a cluster with the whole prefix in one hash slot, as the routing snapshot does.</remarks>
public sealed class ParticipantDirectory(IConnectionMultiplexer redis, RouterKeys keys)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How long a removal that carried <c>at</c> is remembered against older upserts.</summary>
    private static readonly TimeSpan RemovalMemory = TimeSpan.FromDays(1);

    // Shared by both scripts. ARGV[1] prefix, ARGV[2] id, ARGV[3] the change's time (unix ms) or ''.
    // Returns 0 for a change older than the latest applied one; otherwise leaves every department the stored
    // entry names, for the script to rewrite.
    private const string Prelude = """
        local prefix, id, at = ARGV[1], ARGV[2], ARGV[3]
        local entryKey = prefix .. 'participant:' .. id
        local atKey = prefix .. 'participant-at:' .. id
        if at ~= '' and tonumber(at) < tonumber(redis.call('GET', atKey) or '-1') then return 0 end
        local stored = redis.call('GET', entryKey)
        local storedRole = nil
        if stored then
          storedRole = cjson.decode(stored).role
          local departments = cjson.decode(stored).departmentIds
          if type(departments) == 'table' then
            for _, department in ipairs(departments) do
              redis.call('SREM', prefix .. 'department:' .. department .. ':agents', id)
            end
          end
        end
        """;

    // ARGV: prefix, id, at or '', entry (JSON), '1' for an agent, then the departments.
    private const string UpsertScript = Prelude + "\n" + $$"""
        redis.call('SET', entryKey, ARGV[4])
        redis.call('SREM', prefix .. '{{RouterKeys.RemovedAgentsSuffix}}', id)
        if ARGV[5] == '1' then
          redis.call('SADD', prefix .. 'agents', id)
          for i = 6, #ARGV do redis.call('SADD', prefix .. 'department:' .. ARGV[i] .. ':agents', id) end
        else
          redis.call('SREM', prefix .. 'agents', id)
        end
        if at ~= '' then redis.call('SET', atKey, at) else redis.call('DEL', atKey) end
        return 1
        """;

    // ARGV: prefix, id, at or '', how long to remember the removal (ms).
    private const string RemoveScript = Prelude + "\n" + $$"""
        redis.call('DEL', entryKey)
        redis.call('SREM', prefix .. 'agents', id)
        if storedRole == 'agent' then redis.call('SADD', prefix .. '{{RouterKeys.RemovedAgentsSuffix}}', id) end
        if at ~= '' then redis.call('SET', atKey, at, 'PX', ARGV[4]) else redis.call('DEL', atKey) end
        return 1
        """;

    /// <param name="at">The change's time, when the platform sent one.</param>
    /// <returns>False when the change was older than the latest applied one and ignored.</returns>
    public async Task<bool> UpsertAsync(ParticipantRecord participant, DateTimeOffset? at = null)
    {
        var args = new List<RedisValue>(5 + participant.DepartmentIds.Count)
        {
            keys.Prefix, participant.Id, Time(at), JsonSerializer.Serialize(participant, Json), participant.IsAgent ? "1" : "0",
        };
        if (participant.IsAgent)
            args.AddRange(participant.DepartmentIds.Select(d => (RedisValue)d));
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(UpsertScript, values: [.. args]) == 1;
    }

    /// <param name="at">The removal's time, when the platform sent one.</param>
    /// <returns>False when the removal was older than the latest applied change and ignored.</returns>
    public async Task<bool> RemoveAsync(string participantId, DateTimeOffset? at = null) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(RemoveScript,
            values: [keys.Prefix, participantId, Time(at), (long)RemovalMemory.TotalMilliseconds]) == 1;

    /// <summary>The stored entry, or null when the participant is not in the directory.</summary>
    public async Task<ParticipantRecord?> FindAsync(string participantId) =>
        await redis.GetDatabase().StringGetAsync(keys.Participant(participantId)) is { HasValue: true } json
            ? JsonSerializer.Deserialize<ParticipantRecord>((string)json!, Json)
            : null;

    private static RedisValue Time(DateTimeOffset? at) => at is { } time ? time.ToUnixTimeMilliseconds() : "";
}
