using System.Text.Json;
using Notifications.Contracts;
using StackExchange.Redis;

namespace Notifications.Router.Directory;

/// <summary>Keeps the participant directory in Redis current from <c>ParticipantUpserted</c>/<c>ParticipantRemoved</c>.</summary>
public sealed class ParticipantDirectory(IConnectionMultiplexer redis, RouterKeys keys)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task UpsertAsync(ParticipantRecord participant)
    {
        var db = redis.GetDatabase();
        var previous = await ReadAsync(db, participant.Id);

        var transaction = db.CreateTransaction();
        _ = transaction.StringSetAsync(keys.Participant(participant.Id), JsonSerializer.Serialize(participant, Json));
        foreach (var department in previous?.DepartmentIds ?? [])
            _ = transaction.SetRemoveAsync(keys.DepartmentAgents(department), participant.Id);
        if (participant.IsAgent)
        {
            _ = transaction.SetAddAsync(keys.Agents(), participant.Id);
            foreach (var department in participant.DepartmentIds)
                _ = transaction.SetAddAsync(keys.DepartmentAgents(department), participant.Id);
        }
        else
        {
            _ = transaction.SetRemoveAsync(keys.Agents(), participant.Id);
        }
        await transaction.ExecuteAsync();
    }

    public async Task RemoveAsync(string participantId)
    {
        var db = redis.GetDatabase();
        var previous = await ReadAsync(db, participantId);

        var transaction = db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(keys.Participant(participantId));
        _ = transaction.SetRemoveAsync(keys.Agents(), participantId);
        foreach (var department in previous?.DepartmentIds ?? [])
            _ = transaction.SetRemoveAsync(keys.DepartmentAgents(department), participantId);
        await transaction.ExecuteAsync();
    }

    private async Task<ParticipantRecord?> ReadAsync(IDatabase db, string participantId)
    {
        var json = await db.StringGetAsync(keys.Participant(participantId));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ParticipantRecord>(json.ToString(), Json);
    }

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
