using Notifications.Contracts;
using Notifications.Router.Directory;

namespace Notifications.Router.Routing;

/// <summary>A participant of the snapshot with their presence at the time of the message.</summary>
public sealed record Candidate(ParticipantRecord Participant, bool Online);

/// <summary>
/// Everything the rules need to decide one message, read from Redis in one round trip:
/// the message, the directory entries (with presence) of everyone it could concern, the agent lists, and the
/// channels an operator switched off.
/// </summary>
public sealed record RoutingSnapshot
{
    public required MessagePosted Message { get; init; }

    /// <summary>Known participants by id; an id missing here is unknown to the directory.</summary>
    public required IReadOnlyDictionary<string, Candidate> Participants { get; init; }

    /// <summary>Agents of the conversation's department (empty when it has none).</summary>
    public IReadOnlyList<string> DepartmentAgentIds { get; init; } = [];

    /// <summary>Every agent; loaded only when the message could fall under row A3.</summary>
    public IReadOnlyList<string> AllAgentIds { get; init; } = [];

    /// <summary>The bot's outcome recorded from <c>ChatbotReplied</c>, when it arrived before this decision.</summary>
    public bool? BotResolved { get; init; }

    /// <summary>The waits the message has been through already (A6's grace window, the directory wait).</summary>
    public ElapsedWaits Waited { get; init; } = ElapsedWaits.None;

    /// <summary>Channels switched off (configuration <c>Channels:*:Enabled</c>, overridden at run time): nothing is sent on them.</summary>
    public IReadOnlySet<string> DisabledChannels { get; init; } = new HashSet<string>();
}
