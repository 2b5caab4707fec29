using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// The rules that depend on state and time, end to end on the real broker and Redis: Human Takeover (A6)
/// with its grace window (3 s in these tests), and presence from heartbeats with a TTL.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StatefulRulesTests(PipelineFixture pipeline)
{
    private static readonly TimeSpan GraceWindow = TimeSpan.FromSeconds(3);

    private static MessagePosted TakeoverMessage() =>
        Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "support", HumanTakeover = true }, first: true);

    [Fact]
    public async Task A6_BotResolvesInsideTheWindow_NobodyIsNotified()
    {
        var message = TakeoverMessage();
        await pipeline.Platform.Publish(message);
        await Task.Delay(500);
        await pipeline.Platform.Publish(new ChatbotReplied { ConversationId = message.ConversationId, MessageId = message.MessageId, Resolved = true });

        await Eventually.TrueAsync(() => SuppressedFor(message, SupportOffline, SuppressionReasonBotAnswered), "the bot-answered suppression");
        await Task.Delay(GraceWindow + TimeSpan.FromSeconds(1));
        Assert.Empty(EmailsAbout(message));
    }

    [Fact]
    public async Task A6_BotFailsInsideTheWindow_AgentsAreNotifiedWithoutWaitingForTheWindow()
    {
        var message = TakeoverMessage();
        var published = DateTime.UtcNow;
        await pipeline.Platform.Publish(message);
        await Task.Delay(500);
        await pipeline.Platform.Publish(new ChatbotReplied { ConversationId = message.ConversationId, MessageId = message.MessageId, Resolved = false });

        // The email must come from the bot's outcome, not from the window's end: it arrives before the window
        // is over (the outcome leaves 2.5 s for routing and SMTP; the window's end would be later still).
        var windowEnds = published + GraceWindow;
        await Eventually.TrueAsync(() => EmailsAbout(message).Count == 1, "the agent's email before the grace window ends",
            timeout: windowEnds - DateTime.UtcNow);
        Assert.True(DateTime.UtcNow < windowEnds, "the email arrived only when the grace window ended");
        Assert.Equal(EmailOf(SupportOffline), EmailsAbout(message)[0].To.Mailboxes.Single().Address);
        await Task.Delay(GraceWindow);
        Assert.Single(EmailsAbout(message));
    }

    [Fact]
    public async Task A6_BotNeverAnswers_AgentsAreNotifiedAfterTheWindow()
    {
        var message = TakeoverMessage();
        await pipeline.Platform.Publish(message);

        await Task.Delay(GraceWindow / 2);
        Assert.Empty(EmailsAbout(message));
        await Eventually.TrueAsync(() => EmailsAbout(message).Count == 1, "the agent's email after the grace window");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(EmailsAbout(message));
    }

    [Fact]
    public async Task A6_HeldCopyLostFromRedis_TheGraceNoteRoutesItsOwnCopy()
    {
        var message = TakeoverMessage();
        var heldKey = pipeline.KeyPrefix + "takeover-held:" + message.MessageId;
        await pipeline.Platform.Publish(message);
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync(heldKey), "the message held for the bot");

        // A Redis flush or eviction inside the window: the copy is gone, the note still carries the message.
        await pipeline.Redis.GetDatabase().KeyDeleteAsync(heldKey);

        await Eventually.TrueAsync(() => EmailsAbout(message).Count == 1, "the agent's email after the grace window");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(EmailsAbout(message));
    }

    [Fact]
    public async Task A6_BotOutcomeArrivingBeforeTheMessage_IsHonoured()
    {
        var message = TakeoverMessage();
        await pipeline.Platform.Publish(new ChatbotReplied { ConversationId = message.ConversationId, MessageId = message.MessageId, Resolved = true });
        await Task.Delay(500);
        await pipeline.Platform.Publish(message);

        await Eventually.TrueAsync(() => SuppressedFor(message, SupportOffline, SuppressionReasonBotAnswered), "the bot-answered suppression");
        await Task.Delay(GraceWindow + TimeSpan.FromSeconds(1));
        Assert.Empty(EmailsAbout(message));
    }

    [Fact]
    public async Task A6_RouterRestartedDuringTheWait_NotifiesExactlyOnce()
    {
        var message = TakeoverMessage();
        await pipeline.Platform.Publish(message);
        await Task.Delay(500);

        await pipeline.RestartRouterAsync();

        await Eventually.TrueAsync(() => EmailsAbout(message).Count == 1, "the agent's email after the restart");
        await Task.Delay(GraceWindow);
        Assert.Single(EmailsAbout(message));
    }

    [Fact]
    public async Task Presence_HeartbeatWithTtl_AgentIsOnlineUntilItExpires()
    {
        var conversation = new ConversationInfo { UserId = User, LastAgentId = LastAgent };
        // The platform writes the heartbeat directly: the device is live for 2.5 s from now.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2.5).ToUnixTimeMilliseconds();
        await pipeline.Redis.GetDatabase().SortedSetAddAsync($"{pipeline.KeyPrefix}presence:{LastAgent}:devices", "leo-laptop", expiresAt);

        var whileOnline = Message(User, ParticipantRoles.User, conversation, first: false);
        await pipeline.Platform.Publish(whileOnline);
        await Eventually.TrueAsync(() => SuppressedFor(whileOnline, LastAgent, "offline-filter"), "the offline-filter suppression (A4)");
        Assert.Empty(EmailsAbout(whileOnline));

        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > expiresAt + 200, "the heartbeat to expire");
        var afterExpiry = Message(User, ParticipantRoles.User, conversation, first: false);
        await pipeline.Platform.Publish(afterExpiry);
        await Eventually.TrueAsync(() => EmailsAbout(afterExpiry).Count == 1, "the email once the agent is offline");
    }

    [Fact]
    public async Task Presence_OlderPresenceEvent_DoesNotOverwriteNewerState()
    {
        // An agent of this test only, so the presence it changes concerns no other test.
        var agent = $"agent-presence-{Guid.NewGuid():N}"[..24];
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = agent, Role = ParticipantRoles.Agent, Name = "Pia", Email = EmailOf(agent) });
        await pipeline.WaitForParticipantsAsync(agent);

        var now = DateTimeOffset.UtcNow;
        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = agent, Online = true, At = now });
        await pipeline.WaitForPresenceAsync(agent, online: true);
        // A stale "offline" from a minute earlier arrives late. Were it applied, the agent would look offline.
        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = agent, Online = false, At = now.AddMinutes(-1) });
        await Task.Delay(1000);

        // A4 keeps only offline recipients: the agent, still online, is filtered out instead of emailed.
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, LastAgentId = agent }, first: false);
        await pipeline.Platform.Publish(message);
        await Eventually.TrueAsync(() => SuppressedFor(message, agent, "offline-filter"), "the offline-filter suppression (A4)");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(EmailsAbout(message));
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = agent });
    }

    [Fact]
    public async Task U2_UserBackOnlineByHeartbeatOnly_StartsANewOfflineSession()
    {
        await pipeline.StartOfflineSessionAsync(User);
        var conversation = new ConversationInfo { UserId = User, LastAgentId = LastAgent };
        var first = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);
        await pipeline.Platform.Publish(first);
        await Eventually.TrueAsync(() => EmailsAbout(first).Count == 1, "the first reply's email");

        var second = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);
        await pipeline.Platform.Publish(second);
        await Eventually.TrueAsync(() => SuppressedFor(second, User, "already-notified-this-session"), "the U2 suppression");

        // The user's browser sends heartbeats for a moment (no PresenceChanged at all), then goes away.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds();
        await pipeline.Redis.GetDatabase().SortedSetAddAsync($"{pipeline.KeyPrefix}presence:{User}:devices", "ada-browser", expiresAt);
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > expiresAt + 200, "the heartbeat to expire");

        var third = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);
        await pipeline.Platform.Publish(third);
        await Eventually.TrueAsync(() => EmailsAbout(third).Count == 1, "an email in the new offline session");
    }

    private const string SuppressionReasonBotAnswered = "bot-answered";

    private bool SuppressedFor(MessagePosted message, string recipientId, string reason) =>
        pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId && s.RecipientId == recipientId && s.Reason == reason);

    private List<MimeMessage> EmailsAbout(MessagePosted message) =>
        pipeline.Smtp.Messages.Where(m => (m.TextBody ?? "").Contains(message.Text)).ToList();
}
