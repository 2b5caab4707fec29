using Notifications.Contracts;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Escalation;

/// <summary>
/// Who row E1 notifies: the agents of the departments of the conversation's assignee (else its last agent), as the
/// directory has them now, without that agent; every agent when that agent has no departments (or is unknown), or when
/// their departments hold nobody else.
/// </summary>
public sealed class EscalationTier(IConnectionMultiplexer redis, RouterKeys keys, ParticipantDirectory directory)
{
    public async Task<IReadOnlyList<string>> AgentsAsync(MessagePosted message)
    {
        var db = redis.GetDatabase();
        var owner = message.Conversation.AssignedAgentId ?? message.Conversation.LastAgentId;
        var departments = owner is null ? [] : (await directory.FindAsync(owner))?.DepartmentIds ?? [];
        var tier = departments.Count == 0 ? [] : await db.SetCombineAsync(SetOperation.Union, departments.Select(d => keys.DepartmentAgents(d)).ToArray());
        if (tier.Length == 0 || tier.All(id => id == owner))
            tier = await db.SetMembersAsync(keys.Agents());
        return tier.Select(id => (string)id!).Where(id => id != owner).Order(StringComparer.Ordinal).ToArray();
    }
}
