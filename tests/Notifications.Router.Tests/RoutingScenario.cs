using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Router.Tests;

/// <summary>Builds snapshots for the rule tests: a small help desk with two departments.</summary>
internal sealed class RoutingScenario
{
    private readonly Dictionary<string, Candidate> participants = [];
    private readonly Dictionary<string, List<string>> departments = [];

    private readonly HashSet<string> removedAgents = [];

    public RoutingOptions Options { get; } = new();

    /// <summary>What the push sender reported; by default both providers are in effect, so a push reaches every device.</summary>
    public PushReach? PushReach { get; set; } = new(Ios: true, OtherPlatforms: true);

    /// <summary>An agent who was in the directory and was removed (<c>ParticipantRemoved</c>).</summary>
    public RoutingScenario RemovedAgent(string id)
    {
        removedAgents.Add(id);
        return this;
    }

    /// <summary>Channels switched off, as the snapshot would carry them.</summary>
    public HashSet<string> DisabledChannels { get; } = [];

    public RoutingScenario SwitchedOff(params string[] channels)
    {
        DisabledChannels.UnionWith(channels);
        return this;
    }

    public RoutingScenario Agent(string id, bool online = false, string? department = null, string? phone = null, bool push = false, string? email = "default",
        string pushPlatform = PushPlatforms.Android, string[]? departments = null)
    {
        var record = new ParticipantRecord
        {
            Id = id,
            Role = ParticipantRoles.Agent,
            Name = id,
            Email = email == "default" ? $"{id}@example.test" : email,
            Phone = phone,
            DepartmentIds = departments ?? (department is null ? [] : [department]),
            PushDevices = push ? [new PushDevice { DeviceId = $"{id}-phone", Platform = pushPlatform }] : [],
        };
        participants[id] = new Candidate(record, online);
        foreach (var member in record.DepartmentIds)
        {
            if (!this.departments.TryGetValue(member, out var members))
                this.departments[member] = members = [];
            members.Add(id);
        }
        return this;
    }

    public RoutingScenario User(string id, bool online = false, string? phone = null, string? email = "default", bool push = false)
    {
        participants[id] = new Candidate(new ParticipantRecord
        {
            Id = id,
            Role = ParticipantRoles.User,
            Name = id,
            Email = email == "default" ? $"{id}@example.test" : email,
            Phone = phone,
            PushDevices = push ? [new PushDevice { DeviceId = $"{id}-phone", Platform = PushPlatforms.Android }] : [],
        }, online);
        return this;
    }

    /// <summary>The participant's preferences, as their last <c>ParticipantUpserted</c> carried them.</summary>
    public RoutingScenario Prefers(string id, ParticipantPreferences preferences)
    {
        participants[id] = participants[id] with { Participant = participants[id].Participant with { Preferences = preferences } };
        return this;
    }

    /// <summary>Channels the participant opted out of themselves (an unsubscribe, an SMS STOP), as the snapshot reads them.</summary>
    public RoutingScenario OptedOut(string id, params string[] channels)
    {
        participants[id] = participants[id] with { OptedOut = channels.ToHashSet() };
        return this;
    }

    /// <summary>Channels whose current address is marked bad (a hard bounce, a complaint), as the snapshot reads them.</summary>
    public RoutingScenario Bounced(string id, params string[] channels)
    {
        participants[id] = participants[id] with { BouncedAddresses = channels.ToHashSet() };
        return this;
    }

    public static MessagePosted FromUser(string userId = "user", bool first = true, string? department = null,
        string? assigned = null, string? lastAgent = null, bool takeover = false, bool? botAnswered = null) => new()
    {
        MessageId = "m1",
        ConversationId = "c1",
        Sender = new MessageSender { Id = userId, Role = ParticipantRoles.User, Name = userId },
        Text = "Hello, I need help",
        PostedAt = DateTimeOffset.Parse("2026-11-25T10:00:00+00:00"),
        IsFirstMessage = first,
        Conversation = new ConversationInfo
        {
            UserId = userId,
            DepartmentId = department,
            AssignedAgentId = assigned,
            LastAgentId = lastAgent,
            HumanTakeover = takeover,
        },
        BotAnswered = botAnswered,
    };

    public static MessagePosted FromAgent(string agentId, string userId = "user") =>
        FromUser(userId, first: false, lastAgent: agentId) with
        {
            Sender = new MessageSender { Id = agentId, Role = ParticipantRoles.Agent, Name = agentId },
        };

    /// <summary>An agent's internal note (visibility internal) in a conversation with an assignee and a last agent.</summary>
    public static MessagePosted NoteFrom(string agentId, string? assigned = null, string? lastAgent = null, string userId = "user") =>
        FromAgent(agentId, userId) with
        {
            Visibility = MessageVisibility.Internal,
            Conversation = FromAgent(agentId, userId).Conversation with { AssignedAgentId = assigned, LastAgentId = lastAgent },
        };

    public static MessagePosted FromBot(string userId = "user") =>
        FromUser(userId, first: false) with { Sender = new MessageSender { Id = "bot", Role = ParticipantRoles.Bot, Name = "Bot" } };

    public RoutingDecision Decide(MessagePosted message, bool? botResolved = null, bool graceElapsed = false, bool directoryWaitElapsed = false,
        bool everyAgentLoaded = true, IReadOnlyList<string>? escalationTier = null)
    {
        var snapshot = new RoutingSnapshot
        {
            Message = message,
            Participants = participants,
            DepartmentAgentIds = message.Conversation.DepartmentId is { } d && departments.TryGetValue(d, out var members) ? members : [],
            AllAgentIds = everyAgentLoaded ? participants.Values.Where(c => c.Participant.IsAgent).Select(c => c.Participant.Id).ToList() : [],
            AllAgentsLoaded = everyAgentLoaded,
            RemovedAgentIds = removedAgents,
            PushReach = PushReach,
            BotResolved = botResolved,
            Waited = escalationTier is null ? new ElapsedWaits(TakeoverGrace: graceElapsed, Directory: directoryWaitElapsed) : ElapsedWaits.Escalated,
            EscalationAgentIds = escalationTier ?? [],
            DisabledChannels = DisabledChannels,
        };
        return NotificationRules.Decide(snapshot, Options);
    }
}

internal static class DecisionAssertions
{
    public static string[] Recipients(this RoutingDecision decision, string channel) =>
        decision.Planned.Where(p => p.Channel == channel).Select(p => p.Recipient.Id).Order().ToArray();

    public static string[] SuppressedFor(this RoutingDecision decision, string reason, string channel) =>
        decision.Suppressed.Where(s => s.Reason == reason && s.Channel == channel).Select(s => s.RecipientId).Distinct().Order().ToArray();

    public static string[] SuppressedFor(this RoutingDecision decision, string reason) =>
        decision.Suppressed.Where(s => s.Reason == reason).Select(s => s.RecipientId).Distinct().Order().ToArray();
}
