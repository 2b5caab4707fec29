using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Routing;

namespace Notifications.IntegrationTests.Continuity.Escalation;

/// <summary>
/// A conversation of one department, unique per test: its last agent, two offline colleagues of the department (the
/// next tier) and an agent of another department (not of the tier), all offline, and the user.
/// </summary>
internal sealed class EscalationScenario(EscalationFixture pipeline)
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..10];
    public string UserId => $"user-{Id}";
    public string LastAgentId => $"last-{Id}";
    public string[] ColleagueIds => [$"colleague-a-{Id}", $"colleague-b-{Id}"];
    public string OutsiderId => $"outsider-{Id}";
    public string Department => $"dept-{Id}";
    public string ConversationId => $"conv-{Id}";

    public static string EmailOf(string id) => $"{id}@helpdesk.test";

    public async Task StartAsync()
    {
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = UserId, Role = ParticipantRoles.User, Name = "Ada " + Id, Email = $"{UserId}@customer.test" });
        foreach (var id in ColleagueIds.Append(LastAgentId))
            await pipeline.Platform.Publish(Agent(id, Department));
        await pipeline.Platform.Publish(Agent(OutsiderId, $"other-{Id}"));
        await pipeline.WaitForParticipantsAsync([UserId, LastAgentId, OutsiderId, .. ColleagueIds]);
    }

    private static ParticipantUpserted Agent(string id, string department) => new()
    {
        ParticipantId = id, Role = ParticipantRoles.Agent, Name = "Agent " + id, Email = EmailOf(id), DepartmentIds = [department],
    };

    private ConversationInfo Conversation => new() { UserId = UserId, DepartmentId = Department, LastAgentId = LastAgentId };

    /// <summary>A later user message: row A4 notifies the last agent (and starts or continues the unanswered stretch).</summary>
    public MessagePosted FromUser() => HelpDesk.Message(UserId, ParticipantRoles.User, Conversation, first: false) with { ConversationId = ConversationId };

    /// <summary>The last agent's public answer: the stretch is answered.</summary>
    public MessagePosted FromLastAgent() => HelpDesk.Message(LastAgentId, ParticipantRoles.Agent, Conversation, first: false) with { ConversationId = ConversationId };

    /// <summary>Waits until the router has started the conversation's timer (its Redis key is there).</summary>
    public Task TimerStartedAsync() => Eventually.TrueAsync(
        () => pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + "escalation:" + ConversationId), "the escalation timer to start");

    public static string EscalationIdOf(MessagePosted message, string agentId) =>
        NotificationIds.For(message.MessageId + MessageRouter.EscalationIdSuffix, agentId, Channels.Email);

    public Task EscalationDeliveredAsync(MessagePosted message, string agentId) => Eventually.TrueAsync(
        () => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == EscalationIdOf(message, agentId)), $"the E1 email about {message.MessageId} to {agentId}");

    public bool AnyEscalationOf(MessagePosted message) =>
        new[] { LastAgentId, OutsiderId, UserId }.Concat(ColleagueIds).Any(id => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == EscalationIdOf(message, id)));

    public int EmailsTo(string agentId) => pipeline.Smtp.Messages.Count(email => email.To.Mailboxes.Any(m => m.Address == EmailOf(agentId)));
}
