using Notifications.Contracts;

namespace Notifications.IntegrationTests;

/// <summary>
/// The help desk every pipeline test runs against: two departments, an assigned agent and a last agent,
/// one user. Online: <see cref="SalesOnline"/> and <see cref="Assigned"/>; everyone else is offline.
/// </summary>
public static class HelpDesk
{
    public const string User = "user-ada";
    public const string SalesOffline = "agent-sam";      // sales, offline, has a phone and an Android device
    public const string SalesOnline = "agent-sue";       // sales, online
    public const string SupportOffline = "agent-pat";    // support, offline
    public const string Assigned = "agent-amy";          // no department, online
    public const string LastAgent = "agent-leo";         // no department, offline

    public const string SalesOfflinePhone = "+15550100201";
    public const string UserPhone = "+15550100999";

    public static readonly string[] OfflineAgents = [SalesOffline, SupportOffline, LastAgent];

    public static string EmailOf(string id) => $"{id}@helpdesk.test";

    public static async Task PublishAsync(PipelineFixture pipeline)
    {
        var bus = pipeline.Platform;
        await bus.Publish(Agent(SalesOffline, "sales") with
        {
            Phone = SalesOfflinePhone,
            PushDevices = [new PushDevice { DeviceId = "sam-pixel", Platform = PushPlatforms.Android }],
        });
        await bus.Publish(Agent(SalesOnline, "sales"));
        await bus.Publish(Agent(SupportOffline, "support"));
        await bus.Publish(Agent(Assigned));
        await bus.Publish(Agent(LastAgent));
        await bus.Publish(new ParticipantUpserted
        {
            ParticipantId = User,
            Role = ParticipantRoles.User,
            Name = "Ada Lovelace",
            Email = EmailOf(User),
            Phone = UserPhone,
        });
        await pipeline.WaitForParticipantsAsync(SalesOffline, SalesOnline, SupportOffline, Assigned, LastAgent, User);

        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new PresenceChanged { ParticipantId = SalesOnline, Online = true, At = now });
        await bus.Publish(new PresenceChanged { ParticipantId = Assigned, Online = true, At = now });
        await pipeline.WaitForPresenceAsync(SalesOnline, online: true);
        await pipeline.WaitForPresenceAsync(Assigned, online: true);
    }

    private static ParticipantUpserted Agent(string id, params string[] departments) => new()
    {
        ParticipantId = id,
        Role = ParticipantRoles.Agent,
        Name = char.ToUpperInvariant(id[6]) + id[7..],
        Email = EmailOf(id),
        DepartmentIds = departments,
    };

    /// <summary>A chat message with a unique id and text, so each test finds its own notifications.</summary>
    public static MessagePosted Message(string senderId, string senderRole, ConversationInfo conversation, bool first)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new MessagePosted
        {
            MessageId = $"msg-{id}",
            ConversationId = $"conv-{id}",
            Sender = new MessageSender { Id = senderId, Role = senderRole, Name = senderRole == ParticipantRoles.User ? "Ada Lovelace" : "Agent " + senderId },
            Text = $"Question {id}: my order has not arrived",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = first,
            Conversation = conversation,
        };
    }
}
