using System.Text.Json;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.OptOuts;

/// <summary>What one participant chose, as the console shows it next to their delivery log: the preferences the platform last sent and their opt-outs.</summary>
/// <param name="Known">The directory holds the participant (an unknown or erased one has neither).</param>
public sealed record ParticipantChoices(bool Known, ParticipantPreferences? Preferences, IReadOnlyList<OptOut> OptOuts);

/// <summary>
/// Reads a participant's choices for the console. The directory entry (<c>participant:{id}</c>) is the router's, which
/// writes it; only its <c>preferences</c> field is read here, so nothing else of the entry reaches the console.
/// </summary>
public sealed class ParticipantChoicesReader(IConnectionMultiplexer redis, RedisKeys keys, OptOutStore optOuts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ParticipantChoices> OfAsync(string participantId)
    {
        var entry = (string?)await redis.GetDatabase().StringGetAsync(keys.Key($"participant:{participantId}"));
        var stored = entry is null ? null : JsonSerializer.Deserialize<StoredEntry>(entry, Json);
        return new ParticipantChoices(entry is not null, stored?.Preferences, await optOuts.OfParticipantAsync(participantId));
    }

    private sealed record StoredEntry(ParticipantPreferences? Preferences);
}
