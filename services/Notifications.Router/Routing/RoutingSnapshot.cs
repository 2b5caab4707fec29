using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Router.Routing;

/// <summary>A participant of the snapshot with their presence at the time of the message.</summary>
public sealed record Candidate(ParticipantRecord Participant, bool Online)
{
    /// <summary>Channels the participant opted out of themselves (an unsubscribe, an SMS STOP: <c>OptOutStore</c>).</summary>
    public IReadOnlySet<string> OptedOut { get; init; } = NoChannels;

    /// <summary>Channels whose current address is marked bad (a hard bounce, a complaint: <c>AddressMarks</c>).</summary>
    public IReadOnlySet<string> BouncedAddresses { get; init; } = NoChannels;

    private static readonly IReadOnlySet<string> NoChannels = new HashSet<string>();
}

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

    /// <summary>Every agent, when <see cref="AllAgentsLoaded"/>: only a message that falls back to row A3 needs them.</summary>
    public IReadOnlyList<string> AllAgentIds { get; init; } = [];

    /// <summary>False when <see cref="AllAgentIds"/> was not read: a decision that reaches A3 asks for them first.</summary>
    public bool AllAgentsLoaded { get; init; } = true;

    /// <summary>Row E1's next tier (<c>EscalationTier</c>): empty unless the snapshot was loaded for an escalation.</summary>
    public IReadOnlyList<string> EscalationAgentIds { get; init; } = [];

    /// <summary>Ids the message names (last agent, assignee, mentions) that belonged to agents who were removed.</summary>
    public IReadOnlySet<string> RemovedAgentIds { get; init; } = new HashSet<string>();

    /// <summary>Which devices a push reaches with the providers in effect, as the push sender reported it; null when unknown.</summary>
    public PushReach? PushReach { get; init; }

    /// <summary>The bot's outcome recorded from <c>ChatbotReplied</c>, when it arrived before this decision.</summary>
    public bool? BotResolved { get; init; }

    /// <summary>The waits the message has been through already (A6's grace window, the directory wait).</summary>
    public ElapsedWaits Waited { get; init; } = ElapsedWaits.None;

    /// <summary>Channels switched off (configuration <c>Channels:*:Enabled</c>, overridden at run time): nothing is sent on them.</summary>
    public IReadOnlySet<string> DisabledChannels { get; init; } = new HashSet<string>();
}
