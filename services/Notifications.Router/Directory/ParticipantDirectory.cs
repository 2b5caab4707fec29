using System.Text.Json;
using Notifications.Contracts;
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

    // Leaves every department the stored entry names. Shared by both scripts; ARGV[1] is the prefix, ARGV[2] the id.
    private const string LeaveStoredDepartments = """
        local prefix, id = ARGV[1], ARGV[2]
        local entryKey = prefix .. 'participant:' .. id
        local stored = redis.call('GET', entryKey)
        if stored then
          local departments = cjson.decode(stored).departmentIds
          if type(departments) == 'table' then
            for _, department in ipairs(departments) do
              redis.call('SREM', prefix .. 'department:' .. department .. ':agents', id)
            end
          end
        end
        """;

    // ARGV: prefix, id, entry (JSON), '1' for an agent, then the departments.
    private const string UpsertScript = LeaveStoredDepartments + "\n" + """
        redis.call('SET', entryKey, ARGV[3])
        if ARGV[4] == '1' then
          redis.call('SADD', prefix .. 'agents', id)
          for i = 5, #ARGV do redis.call('SADD', prefix .. 'department:' .. ARGV[i] .. ':agents', id) end
        else
          redis.call('SREM', prefix .. 'agents', id)
        end
        """;

    // ARGV: prefix, id.
    private const string RemoveScript = LeaveStoredDepartments + "\n" + """
        redis.call('DEL', entryKey)
        redis.call('SREM', prefix .. 'agents', id)
        """;

    public Task UpsertAsync(ParticipantRecord participant)
    {
        var args = new List<RedisValue>(4 + participant.DepartmentIds.Count)
        {
            keys.Prefix, participant.Id, JsonSerializer.Serialize(participant, Json), participant.IsAgent ? "1" : "0",
        };
        if (participant.IsAgent)
            args.AddRange(participant.DepartmentIds.Select(d => (RedisValue)d));
        return redis.GetDatabase().ScriptEvaluateAsync(UpsertScript, values: [.. args]);
    }

    public Task RemoveAsync(string participantId) =>
        redis.GetDatabase().ScriptEvaluateAsync(RemoveScript, values: [keys.Prefix, participantId]);

    /// <summary>Checks an upsert before it is stored; the reason names the field.</summary>
    public static string? Validate(ParticipantUpserted upserted)
    {
        if (string.IsNullOrWhiteSpace(upserted.ParticipantId))
            return "participantId is required.";
        if (upserted.Role is not (ParticipantRoles.User or ParticipantRoles.Agent))
            return $"role must be \"user\" or \"agent\", not \"{upserted.Role}\".";
        if (string.IsNullOrWhiteSpace(upserted.Name))
            return "name is required.";
        foreach (var device in upserted.PushDevices ?? [])
        {
            if (device.Platform is not (PushPlatforms.Ios or PushPlatforms.Android or PushPlatforms.Web))
                return $"pushDevices[].platform must be \"ios\", \"android\" or \"web\", not \"{device.Platform}\".";
        }
        return null;
    }
}
