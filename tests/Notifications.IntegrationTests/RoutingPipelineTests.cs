using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// The routing rows of notification-rules.md through the real services, broker and Redis: realtime for every online
/// recipient, agents that are agents, internal notes, mentions, U2 whatever the presence order, and MessageRouted.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RoutingPipelineTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A4_OnlineLastAgent_GetsTheDesktopNotification_AndNoEmail()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, LastAgentId = SalesOnline }, first: false);
        await pipeline.Platform.Publish(message);

        await DeliveredAsync(message, SalesOnline, Channels.Realtime);
        var email = await SuppressedAsync(message, SalesOnline, Channels.Email);
        Assert.Equal(("A4", "offline-filter"), (email.Rule, email.Reason));
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => m.To.ToString().Contains(EmailOf(SalesOnline)) && (m.TextBody ?? "").Contains(message.Text));
    }

    [Fact]
    public async Task U1_OnlineUser_GetsTheDesktopNotification_AndNoEmail()
    {
        var user = await NewUserAsync(online: true);
        var message = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = user, LastAgentId = LastAgent }, first: false);
        await pipeline.Platform.Publish(message);

        await DeliveredAsync(message, user, Channels.Realtime);
        Assert.Equal("offline-filter", (await SuppressedAsync(message, user, Channels.Email)).Reason);
    }

    [Fact]
    public async Task A4_AUsersIdAsLastAgent_IsNotAnAgent_AndTheDepartmentIsNotified()
    {
        var otherCustomer = await NewUserAsync(online: false);
        var message = Message(User, ParticipantRoles.User,
            new ConversationInfo { UserId = User, DepartmentId = "support", LastAgentId = otherCustomer }, first: false);
        await pipeline.Platform.Publish(message);

        Assert.Equal(("A4", "not-an-agent"), (await SuppressedAsync(message, otherCustomer, NotificationRules.All)) is var s ? (s.Rule, s.Reason) : default);
        await EmailedAsync(message, SupportOffline);
        await Task.Delay(500);
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => m.To.ToString().Contains(EmailOf(otherCustomer)));
    }

    [Fact]
    public async Task A2_RemovedAssignee_IsAgentRemoved_AndTheDepartmentIsNotified()
    {
        var gone = $"agent-gone-{Guid.NewGuid():N}"[..22];
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = gone, Role = ParticipantRoles.Agent, Name = "Gone", Email = EmailOf(gone), DepartmentIds = ["support"] });
        await pipeline.WaitForParticipantsAsync(gone);
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = gone });
        await Eventually.TrueAsync(async () => !await pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + "participant:" + gone), "the removal");

        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "support", AssignedAgentId = gone }, first: true);
        await pipeline.Platform.Publish(message);

        Assert.Equal(("A2", "agent-removed"), (await SuppressedAsync(message, gone, NotificationRules.All)) is var s ? (s.Rule, s.Reason) : default);
        await EmailedAsync(message, SupportOffline);
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => m.To.ToString().Contains(EmailOf(gone)));
    }

    [Fact]
    public async Task I1_InternalNote_ReachesTheLastAgent_NeverTheUser()
    {
        var message = Message(Assigned, ParticipantRoles.Agent,
            new ConversationInfo { UserId = User, AssignedAgentId = Assigned, LastAgentId = LastAgent }, first: false) with { Visibility = MessageVisibility.Internal };
        await pipeline.Platform.Publish(message);

        await EmailedAsync(message, LastAgent);
        var delivered = await DeliveredAsync(message, LastAgent, Channels.Email);
        Assert.Equal(Channels.Email, delivered.Channel);
        Assert.Equal("sender-is-recipient", (await SuppressedAsync(message, Assigned, NotificationRules.All)).Reason);
        await Task.Delay(500);
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => m.To.ToString().Contains(EmailOf(User)) && (m.TextBody ?? "").Contains(message.Text));
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId && s.RecipientId == User);
    }

    [Fact]
    public async Task M1_Mention_ReachesAnAgentOutsideTheConversation()
    {
        var message = Message(SalesOnline, ParticipantRoles.Agent, new ConversationInfo { UserId = User, LastAgentId = SalesOnline }, first: false)
            with { Mentions = [SupportOffline] };
        await pipeline.Platform.Publish(message);

        await EmailedAsync(message, SupportOffline);
        var routed = await RoutedAsync(message);
        Assert.Contains(routed.Notifications, n => (n.RecipientId, n.Channel, n.Rule) == (SupportOffline, Channels.Email, "M1"));
    }

    [Fact]
    public async Task U2_OnlineEventConsumedAfterANewerOffline_StillEndsTheOfflineSession()
    {
        var user = await NewUserAsync(online: false);
        var first = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = user, LastAgentId = LastAgent }, first: false);
        await pipeline.Platform.Publish(first);
        await EmailedAsync(first, user);

        // Back for a moment and gone again; the platform's events are consumed in the wrong order.
        var back = DateTimeOffset.UtcNow.AddSeconds(1);
        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = user, Online = false, At = back.AddSeconds(1) });
        await pipeline.WaitForPresenceAsync(user, online: false);
        await Eventually.TrueAsync(async () => (long?)await pipeline.Redis.GetDatabase().HashGetAsync(pipeline.KeyPrefix + "presence:" + user, "at") == back.AddSeconds(1).ToUnixTimeMilliseconds(), "the offline event");
        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = user, Online = true, At = back });
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + "presence:" + user + ":last-online"), "the late online event");

        var second = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = user, LastAgentId = LastAgent }, first: false);
        await pipeline.Platform.Publish(second);
        await EmailedAsync(second, user);
    }

    [Fact]
    public async Task MessageRouted_FanOutMessage_IsOneEventWithTheWholeDecision()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);
        await pipeline.Platform.Publish(message);

        var routed = await RoutedAsync(message);
        Assert.Equal(
            [$"{message.MessageId}:{SalesOffline}:email", $"{message.MessageId}:{SalesOffline}:push", $"{message.MessageId}:{SalesOffline}:sms",
             $"{message.MessageId}:{SalesOnline}:email", $"{message.MessageId}:{SalesOnline}:realtime"],
            routed.Notifications.Select(n => n.NotificationId).Order().ToArray());
        Assert.All(routed.Notifications, n => Assert.Equal("A1", n.Rule));
        Assert.Empty(routed.Suppressions);
        // Every planned notification ends in its own outcome from its sender.
        foreach (var notification in routed.Notifications)
            await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == notification.NotificationId), $"the outcome of {notification.NotificationId}");
        await Task.Delay(500);
        Assert.Single(pipeline.Outcomes.Routed, r => r.MessageId == message.MessageId);
    }

    private async Task<string> NewUserAsync(bool online)
    {
        var id = $"user-{Guid.NewGuid():N}"[..17];
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = id, Role = ParticipantRoles.User, Name = "Grace", Email = EmailOf(id) });
        await pipeline.WaitForParticipantsAsync(id);
        if (online)
        {
            await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = id, Online = true, At = DateTimeOffset.UtcNow });
            await pipeline.WaitForPresenceAsync(id, online: true);
        }
        return id;
    }

    private async Task<NotificationDelivered> DeliveredAsync(MessagePosted message, string recipient, string channel)
    {
        var id = $"{message.MessageId}:{recipient}:{channel}";
        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == id), $"{channel} delivered to {recipient}");
        return pipeline.Outcomes.Delivered.First(d => d.NotificationId == id);
    }

    private async Task<NotificationSuppressed> SuppressedAsync(MessagePosted message, string recipient, string channel)
    {
        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId && s.RecipientId == recipient && s.Channel == channel),
            $"the {channel} suppression for {recipient}");
        return pipeline.Outcomes.Suppressed.First(s => s.MessageId == message.MessageId && s.RecipientId == recipient && s.Channel == channel);
    }

    private Task EmailedAsync(MessagePosted message, string recipient) =>
        Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(recipient)) && (m.TextBody ?? "").Contains(message.Text)),
            $"the email to {recipient}");

    private async Task<MessageRouted> RoutedAsync(MessagePosted message)
    {
        await Eventually.TrueAsync(() => pipeline.Outcomes.Routed.Any(r => r.MessageId == message.MessageId), "MessageRouted");
        return pipeline.Outcomes.Routed.First(r => r.MessageId == message.MessageId);
    }

    private static class NotificationRules
    {
        public const string All = "all";
    }
}
