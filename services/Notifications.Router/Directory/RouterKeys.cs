using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.Presence;
using StackExchange.Redis;

namespace Notifications.Router.Directory;

/// <summary>
/// The router's Redis key layout (every key starts with <c>Redis:KeyPrefix</c>, default <c>notifications:</c>):
/// <list type="bullet">
/// <item><c>participant:{id}</c> string: the directory entry as JSON.</item>
/// <item><c>participant-at:{id}</c> string: unix ms of the latest applied change that carried <c>at</c>; kept a
/// day after a removal, so an older upsert consumed later is ignored.</item>
/// <item><c>agents</c> set: every agent id. <c>department:{id}:agents</c> set: the agents of a department.</item>
/// <item><c>agents:removed</c> set: agents removed by <c>ParticipantRemoved</c> (left when they are upserted again), so a
/// conversation that still names one as its agent is routed to the next row at once, with the reason <c>agent-removed</c>.</item>
/// <item><c>presence:{id}</c>, <c>presence:{id}:devices</c>, <c>presence:{id}:last-seen</c>, <c>presence:{id}:last-online</c>: the presence family,
/// shared with the email sender and defined by <see cref="PresenceKeys"/>.</item>
/// <item><c>offline-session:{id}:{channel}</c> string: set when a user was notified during the current offline
/// session (U2); a later sign of the user online (event or heartbeat) ends that session.</item>
/// <item><c>bot-outcome:{messageId}</c> string: <c>resolved</c>/<c>unresolved</c> from <c>ChatbotReplied</c> (A6).</item>
/// <item><c>takeover-held:{messageId}</c> string: a message (JSON) waiting for the bot's outcome (A6);
/// <c>takeover-held:{messageId}:claim</c> string: who is routing it (the bot's outcome or the window's end).</item>
/// <item><c>channels</c> hash: a channel switched at run time ("1" on, "0" off), written through the admin
/// service and read by the routing snapshot (<c>ChannelSwitchStore</c>).</item>
/// <item><c>fallback:{messageId}:{recipientId}</c>, <c>fallback-claim:...</c>, <c>fallback-group:{windowId}</c>: commands
/// held for a fallback, their claims, and the messages a delay window's grouped email answers for (<see cref="Fallback.FallbackHolds"/>).</item>
/// <item><c>address-marks:{id}</c>, <c>bounced-addresses</c>: bad-address marks, as address hashes (<c>AddressMarkStore</c>).</item>
/// <item><c>escalation:{conversationId}</c> string: the id of the user's message whose unanswered stretch has a
/// running escalation timer (row E1); deleted by an agent's reply or read, or when the timer fires.</item>
/// </list>
/// </summary>
public sealed class RouterKeys(RedisKeys keys)
{
    public string Prefix => keys.Prefix;

    public RedisKey Participant(string id) => keys.Key($"participant:{id}");

    public RedisKey ParticipantAt(string id) => keys.Key($"participant-at:{id}");

    public RedisKey Agents() => keys.Key("agents");

    /// <summary>The key after the prefix; the directory and snapshot scripts build it from the prefix too.</summary>
    public const string RemovedAgentsSuffix = "agents:removed";

    public RedisKey RemovedAgents() => keys.Key(RemovedAgentsSuffix);

    public RedisKey DepartmentAgents(string departmentId) => keys.Key($"department:{departmentId}:agents");

    public RedisKey Presence(string id) => PresenceKeys.State(keys, id);

    public RedisKey PresenceDevices(string id) => PresenceKeys.Devices(keys, id);

    public RedisKey PresenceLastSeen(string id) => PresenceKeys.LastSeen(keys, id);

    public RedisKey PresenceLastOnline(string id) => PresenceKeys.LastOnline(keys, id);

    public RedisKey OfflineSession(string id, string channel) => keys.Key($"offline-session:{id}:{channel}");

    public RedisKey Escalation(string conversationId) => keys.Key($"escalation:{conversationId}");

    public RedisKey BotOutcome(string messageId) => keys.Key($"bot-outcome:{messageId}");

    public RedisKey HeldMessage(string messageId) => keys.Key($"takeover-held:{messageId}");

    public RedisKey HeldMessageClaim(string messageId) => keys.Key($"takeover-held:{messageId}:claim");
}
