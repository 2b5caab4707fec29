using Notifications.Contracts;

namespace Notifications.Chaos;

/// <summary>
/// The help desk and message mix of a chaos run, chosen so the expected notifications follow from the rules
/// alone: every message is a user's first message in a conversation assigned to an agent (rule A2, no
/// presence filter). Every agent is offline (no presence was ever reported) and has an email address, a
/// phone number and an Android device, so each message gives exactly one email, one SMS (Twilio) and one
/// push (OneSignal) with the ids <c>{messageId}:{agentId}:{channel}</c>.
/// Every <see cref="LateAgentEvery"/>th message is assigned to an agent of its own, published just before the
/// message (as a platform does for a new agent): the router's queue holds both at once and consumes them
/// concurrently, so these messages also prove that a message never loses its notifications to its participant
/// event being stored a moment later.
/// </summary>
public sealed class ChaosDirectory(string runId, int agents, int messages)
{
    public const int LateAgentEvery = 50;

    public int Agents => agents;

    /// <summary>How many messages go to an agent published just before them.</summary>
    public int LateAgents => (messages + LateAgentEvery - 1) / LateAgentEvery;

    public static string AgentId(int i) => $"agent-{i:000}";

    public static string PhoneOf(int i) => $"+1555020{i:0000}";

    public static bool HasLateAgent(int message) => message % LateAgentEvery == 0;

    public static string LateAgentId(int message) => $"late-agent-{message:000000}";

    public static string LatePhoneOf(int message) => $"+155503{message:000000}";

    public string MessageId(int i) => $"chaos-{runId}-{i}";

    public string AgentOf(int message) => HasLateAgent(message) ? LateAgentId(message) : AgentId(message % agents);

    /// <summary>Maps the SMS destination back to its agent.</summary>
    public IReadOnlyDictionary<string, string> AgentsByPhone { get; } =
        Enumerable.Range(0, agents).ToDictionary(PhoneOf, AgentId)
            .Concat(Enumerable.Range(0, messages).Where(HasLateAgent).ToDictionary(LatePhoneOf, LateAgentId))
            .ToDictionary();

    public IEnumerable<ParticipantUpserted> Participants() => Enumerable.Range(0, agents).Select(i => Agent(AgentId(i), $"Agent {i}", PhoneOf(i)));

    /// <summary>The agent of message <paramref name="message"/> when it has one of its own (<see cref="HasLateAgent"/>).</summary>
    public ParticipantUpserted LateParticipant(int message) => Agent(LateAgentId(message), $"Late agent {message}", LatePhoneOf(message));

    private static ParticipantUpserted Agent(string id, string name, string phone) => new()
    {
        ParticipantId = id,
        Role = ParticipantRoles.Agent,
        Name = name,
        Email = $"{id}@helpdesk.chaos",
        Phone = phone,
        Locale = "en",
        PushDevices = [new PushDevice { DeviceId = $"{id}-pixel", Platform = PushPlatforms.Android }],
    };

    /// <summary>The message's id is in its text, so the SMS body names the message it is about.</summary>
    public MessagePosted Message(int i)
    {
        var user = $"user-{i % 500:000}";
        var messageId = MessageId(i);
        return new MessagePosted
        {
            MessageId = messageId,
            ConversationId = $"conv-{messageId}",
            Sender = new MessageSender { Id = user, Role = ParticipantRoles.User, Name = $"Customer {i % 500}" },
            Text = $"Where is my order? ref {messageId}",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = true,
            Conversation = new ConversationInfo { UserId = user, AssignedAgentId = AgentOf(i) },
        };
    }

    /// <summary>Every notification the rules demand for the first <paramref name="messages"/> messages, by channel.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Expected(int messages)
    {
        var expected = new Dictionary<string, HashSet<string>>
        {
            [Channels.Email] = [],
            [Channels.Sms] = [],
            [Channels.Push] = [],
        };
        for (var i = 0; i < messages; i++)
            foreach (var (channel, ids) in expected)
                ids.Add($"{MessageId(i)}:{AgentOf(i)}:{channel}");
        return expected;
    }
}
