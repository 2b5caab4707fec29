using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// The delay window (<c>Email/Sms/Push:DelaySeconds</c>, 3 s here) through the real router, broker, Redis and senders:
/// what falls into one window goes out as one notification per channel, a <c>ConversationSeen</c> before its end
/// suppresses it as <c>seen</c>, and a restart inside it loses nothing and sends nothing twice. The recipient is the
/// offline last agent with an email, a phone and a device (row A4), so every channel is decided.
/// </summary>
[Collection(DelayWindowCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DelayWindowTests(DelayWindowFixture pipeline)
{
    /// <summary>After the expected notifications arrived, how long to keep watching for unexpected extra ones.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static readonly string[] WindowedChannels = [Channels.Email, Channels.Sms, Channels.Push];

    [Fact]
    public async Task TwoMessagesInOneWindow_BecomeOneEmailOneSmsAndOnePush_AndEachIdGetsItsOwnOutcome()
    {
        var (first, second) = TwoMessages();
        var started = Stopwatch.StartNew();

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);

        var email = await EmailAboutAsync(first);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(DelayWindowFixture.WindowSeconds - 0.5),
            $"the email waited for the window ({started.Elapsed.TotalSeconds:0.0} s after the first message)");
        Assert.Contains(second.Text, email.TextBody);
        Assert.Contains("2 new messages", email.TextBody);
        Assert.Contains(second.Text, email.HtmlBody);
        foreach (var channel in WindowedChannels)
            await DeliveredAsync(channel, first, second);

        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(first));
        Assert.DoesNotContain(EmailsAbout(second), m => !(m.TextBody ?? "").Contains(first.Text));
        var sms = Assert.Single(SmsAbout(second));
        Assert.StartsWith("2 new messages. ", QueryHelpers.ParseQuery(sms.Body)["Body"].ToString());
        Assert.Empty(SmsAbout(first));
        var push = Assert.Single(pipeline.Providers.Requests, r => r.Path.EndsWith("/notifications") && r.Body.Contains(second.Text));
        Assert.Contains("2 new messages. ", push.Body);
        // One outcome per id and channel, no more: the grouped notification answers for both, once.
        foreach (var channel in WindowedChannels)
            Assert.Equal(2, pipeline.Outcomes.Delivered.Count(d => d.Channel == channel && (d.MessageId == first.MessageId || d.MessageId == second.MessageId)));
    }

    [Fact]
    public async Task SeenBeforeTheWindowEnds_SuppressesItAsSeen_OnEveryChannel()
    {
        var (first, _) = TwoMessages();

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = SalesOffline, ConversationId = first.ConversationId, SeenAt = DateTimeOffset.UtcNow });

        foreach (var channel in WindowedChannels)
            await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s =>
                s.MessageId == first.MessageId && s.RecipientId == SalesOffline && s.Channel == channel && s.Reason == "seen"), $"the {channel} notification suppressed as seen");
        await Task.Delay(Settle);
        Assert.Empty(EmailsAbout(first));
        Assert.Empty(SmsAbout(first));
        Assert.DoesNotContain(pipeline.Providers.Requests, r => r.Body.Contains(first.MessageId) || r.Body.Contains(first.Text));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.MessageId == first.MessageId);
    }

    [Fact]
    public async Task SeenBetweenTwoMessages_SuppressesTheFirst_AndSendsTheSecondAlone()
    {
        var (first, second) = TwoMessages();
        // Dated in the past: the router takes a postedAt or seenAt ahead of its clock as now, which would reorder them.
        first = first with { PostedAt = DateTimeOffset.UtcNow.AddSeconds(-10) };
        second = second with { PostedAt = first.PostedAt.AddSeconds(2) };

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = SalesOffline, ConversationId = first.ConversationId, SeenAt = first.PostedAt.AddSeconds(1) });
        await pipeline.Platform.Publish(second);

        var email = await EmailAboutAsync(second);
        Assert.DoesNotContain(first.Text, email.TextBody);
        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s => s.MessageId == first.MessageId && s.Channel == Channels.Email && s.Reason == "seen"),
            "the first message's email suppressed as seen");
        await DeliveredAsync(Channels.Email, second);
    }

    [Fact]
    public async Task SeenAfterTheNotificationWentOut_ChangesNothing()
    {
        var (first, _) = TwoMessages();

        await pipeline.Platform.Publish(first);
        await EmailAboutAsync(first);
        await DeliveredAsync(Channels.Email, first);
        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = SalesOffline, ConversationId = first.ConversationId, SeenAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}seen:{SalesOffline}:{first.ConversationId}"),
            "the read to be stored");

        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(first));
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == first.MessageId);
    }

    [Fact]
    public async Task ARestartOfTheRouterAndSendersInsideTheWindow_SendsExactlyOneEmail_AndLosesNothing()
    {
        var (first, second) = TwoMessages();
        var window = $"{pipeline.KeyPrefix}window:{Channels.Email}:{SalesOffline}:{first.ConversationId}";
        var pendingCount = $"{pipeline.KeyPrefix}window-pending:{Channels.Email}";

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);
        await Eventually.TrueAsync(async () => (await pipeline.Redis.GetDatabase().HashKeysAsync(window)).Count(k => k.ToString().StartsWith("n:")) == 2
                                               && await pipeline.Redis.GetDatabase().HashExistsAsync(window, "noted"),
            "both notifications in the email window, its note on the ladder");
        // The dashboard's pending count is shared by the class's tests: each test's windows end before it does.
        Assert.True((long)await pipeline.Redis.GetDatabase().StringGetAsync(pendingCount) >= 2, "both notifications counted as pending");
        await pipeline.RestartRouterAndSendersAsync();

        var email = await EmailAboutAsync(first);
        Assert.Contains(second.Text, email.TextBody);
        foreach (var channel in WindowedChannels)
            await DeliveredAsync(channel, first, second);
        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(first));
        Assert.Single(SmsAbout(second));
        Assert.False(await pipeline.Redis.GetDatabase().KeyExistsAsync(window), "the window is gone once released");
        // Both joined once and both left with their window.
        await Eventually.TrueAsync(async () => (long)await pipeline.Redis.GetDatabase().StringGetAsync(pendingCount) == 0,
            "no email notification pending once every window ended");
    }

    [Fact]
    public async Task AConversationSeenWithoutParticipant_GoesToTheRoutersErrorQueue_WithItsReason()
    {
        var conversation = $"conv-{Guid.NewGuid():N}";

        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = "", ConversationId = conversation, SeenAt = DateTimeOffset.UtcNow });

        var failed = await pipeline.ErrorQueues.WaitForAsync(QueueNames.ErrorQueueOf(QueueNames.Router), m => m.Payload.Contains(conversation));
        Assert.Contains("Invalid ConversationSeen: participantId is required", failed.Headers["MT-Fault-Message"]);
    }

    /// <summary>Two user messages in one conversation whose last agent is the offline agent with every channel (A4).</summary>
    private static (MessagePosted First, MessagePosted Second) TwoMessages()
    {
        var first = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, LastAgentId = SalesOffline }, first: false);
        var second = Message(User, ParticipantRoles.User, first.Conversation, first: false) with
        {
            ConversationId = first.ConversationId,
            PostedAt = first.PostedAt.AddMilliseconds(500),
        };
        return (first, second);
    }

    private async Task<MimeMessage> EmailAboutAsync(MessagePosted message)
    {
        await Eventually.TrueAsync(() => EmailsAbout(message).Any(), $"the email about {message.MessageId}");
        return EmailsAbout(message).First();
    }

    private IEnumerable<MimeMessage> EmailsAbout(MessagePosted message) =>
        pipeline.Smtp.Messages.Where(m => m.To.Mailboxes.Any(to => to.Address == EmailOf(SalesOffline)) && (m.TextBody ?? "").Contains(message.Text));

    private IEnumerable<StubRequest> SmsAbout(MessagePosted message) =>
        pipeline.Providers.Requests.Where(r => r.Path.EndsWith("/Messages.json") && QueryHelpers.ParseQuery(r.Body)["Body"].ToString().Contains(message.Text));

    private Task DeliveredAsync(string channel, params MessagePosted[] messages) =>
        Eventually.TrueAsync(() => messages.All(message => pipeline.Outcomes.Delivered.Any(d =>
            d.MessageId == message.MessageId && d.RecipientId == SalesOffline && d.Channel == channel)), $"a {channel} outcome for each message");
}
