using Notifications.Contracts;

namespace Notifications.Simulator;

/// <summary>
/// A small help desk and one conversation that exercises the main rows of the spec:
/// A1 (first message to a department), U1 (agent reply to an offline user), A4 (the user answers the last agent, who
/// is online: a desktop notification) and I1/M1 (an internal note that mentions a colleague). Two more conversations show
/// the delay window (under <c>make run</c> email waits 8 s for the reader): two quick messages that become one email, and
/// a <c>ConversationSeen</c> that cancels one.
/// </summary>
public static class DemoConversation
{
    public static async Task PublishAsync(IPlatformPublisher bus, TextWriter output)
    {
        var run = DateTimeOffset.UtcNow.ToString("HHmmss");
        var conversationId = $"demo-conversation-{run}";

        output.WriteLine("Publishing the help desk: agents Grace (online) and Linus (offline) in 'support', user Ada (offline)");
        await bus.Publish(Participant("agent-grace", ParticipantRoles.Agent, "Grace Hopper", "grace@helpdesk.example", "+15550100001", "support"));
        await bus.Publish(Participant("agent-linus", ParticipantRoles.Agent, "Linus Torvalds", "linus@helpdesk.example", "+15550100002", "support") with
        {
            PushDevices = [new PushDevice { DeviceId = "linus-pixel", Platform = PushPlatforms.Android }],
        });
        await bus.Publish(Participant("user-ada", ParticipantRoles.User, "Ada Lovelace", "ada@customer.example", "+15550100003"));
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new PresenceChanged { ParticipantId = "agent-grace", Online = true, At = now });
        // Ada has just left the site: a new offline session, so each run of the demo shows her one email (U2).
        // The router consumes events concurrently: half a second apart, her return is handled before her leaving.
        await bus.Publish(new PresenceChanged { ParticipantId = "user-ada", Online = true, At = now.AddMilliseconds(-1) });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await bus.Publish(new PresenceChanged { ParticipantId = "user-ada", Online = false, At = now });

        // The router consumes participants, presence and messages concurrently from one queue. A platform has
        // its participants in the directory long before their messages; the demo gives the router a moment.
        await Task.Delay(TimeSpan.FromSeconds(5));

        var conversation = new ConversationInfo { UserId = "user-ada", DepartmentId = "support" };
        output.WriteLine($"[A1] Ada's first message in {conversationId}: both support agents are emailed, Linus also gets SMS and push");
        await bus.Publish(Message($"{conversationId}-1", conversationId, "user-ada", ParticipantRoles.User, "Ada Lovelace",
            "Hello! My analytical engine order has not arrived yet. Can you help?", conversation, first: true));
        await Task.Delay(TimeSpan.FromSeconds(1));

        output.WriteLine("[U1] Grace replies while Ada is offline: Ada is emailed (once per offline session) and texted");
        await bus.Publish(Message($"{conversationId}-2", conversationId, "agent-grace", ParticipantRoles.Agent, "Grace Hopper",
            "Hi Ada, it left our warehouse yesterday.\nTracking: https://track.example/AE-1843", conversation with { LastAgentId = "agent-grace" }, first: false));
        await Task.Delay(TimeSpan.FromSeconds(1));

        output.WriteLine("[A4] Ada answers; Grace (the last agent) is online: no email, a desktop notification with sound instead");
        await bus.Publish(Message($"{conversationId}-3", conversationId, "user-ada", ParticipantRoles.User, "Ada Lovelace",
            "Thank you, Grace!", conversation with { LastAgentId = "agent-grace" }, first: false));
        await Task.Delay(TimeSpan.FromSeconds(1));

        output.WriteLine("[I1/M1] Grace leaves an internal note mentioning Linus: Linus (offline) is emailed, Ada never sees it");
        await bus.Publish(Message($"{conversationId}-4", conversationId, "agent-grace", ParticipantRoles.Agent, "Grace Hopper",
            "@Linus can you check the courier's scan for AE-1843?", conversation with { LastAgentId = "agent-grace" }, first: false) with
        {
            Visibility = MessageVisibility.Internal,
            Mentions = ["agent-linus"],
        });

        await PublishWindowScenesAsync(bus, output, run);

        output.WriteLine("Done. Emails land in var/mail-pickup (or your SMTP server), SMS in var/sms-outbox, push in var/push-outbox,");
        output.WriteLine("desktop notifications (realtime events) in var/realtime-outbox.");
    }

    /// <summary>
    /// Ada writes in two more conversations whose last agent is Linus (offline, row A4). In the first she sends two
    /// messages a second apart: both fall into one delay window, so Linus gets one email listing both. In the second,
    /// Linus reads the conversation (the platform publishes <c>ConversationSeen</c>) before the window ends: no email.
    /// </summary>
    private static async Task PublishWindowScenesAsync(IPlatformPublisher bus, TextWriter output, string run)
    {
        var grouped = $"demo-grouped-{run}";
        var withLinus = new ConversationInfo { UserId = "user-ada", DepartmentId = "support", LastAgentId = "agent-linus" };
        output.WriteLine($"[window] Ada sends two quick messages in {grouped}; Linus (offline, last agent) gets ONE email listing both when the window ends");
        await bus.Publish(Message($"{grouped}-1", grouped, "user-ada", ParticipantRoles.User, "Ada Lovelace",
            "Also: can the engine run on steam?", withLinus, first: false));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await bus.Publish(Message($"{grouped}-2", grouped, "user-ada", ParticipantRoles.User, "Ada Lovelace",
            "And is the punch-card reader included?", withLinus, first: false));

        var seen = $"demo-seen-{run}";
        output.WriteLine($"[seen] Ada writes in {seen}; Linus reads it in the chat before the window ends: no email (suppressed 'seen')");
        await bus.Publish(Message($"{seen}-1", seen, "user-ada", ParticipantRoles.User, "Ada Lovelace",
            "Never mind, I found the manual.", withLinus, first: false));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await bus.Publish(new ConversationSeen { ParticipantId = "agent-linus", ConversationId = seen, SeenAt = DateTimeOffset.UtcNow });
    }

    private static ParticipantUpserted Participant(string id, string role, string name, string email, string phone, params string[] departments) => new()
    {
        ParticipantId = id,
        Role = role,
        Name = name,
        Email = email,
        Phone = phone,
        DepartmentIds = departments,
        Locale = "en",
        // When the change was made: a repeated demo's older participant event never overwrites a newer one.
        At = DateTimeOffset.UtcNow,
    };

    private static MessagePosted Message(string messageId, string conversationId, string senderId, string role, string name,
        string text, ConversationInfo conversation, bool first) => new()
    {
        MessageId = messageId,
        ConversationId = conversationId,
        Sender = new MessageSender { Id = senderId, Role = role, Name = name },
        Text = text,
        PostedAt = DateTimeOffset.UtcNow,
        IsFirstMessage = first,
        Conversation = conversation,
    };
}
