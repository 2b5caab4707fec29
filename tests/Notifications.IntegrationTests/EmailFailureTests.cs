using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using SmtpServer.Protocol;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// SMTP failures through the whole email path (router, send-email queue, consumer, retries, result events), with
/// the in-process SMTP server refusing the email's data: a 4xx is retried with backoff until it is accepted and
/// delivered once; a 5xx is not retried and ends in a permanent failure saying what happened.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmailFailureTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Smtp451TwiceThenAccepted_IsRetried_AndDeliveredOnce()
    {
        var (message, notificationId) = await PostToFreshAgentAsync(marker =>
            pipeline.Smtp.Plan(marker, Reply(451, "Requested action aborted: local error"), Reply(451, "Requested action aborted: local error")));

        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == notificationId), "NotificationDelivered after the retries");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(3, pipeline.Smtp.Attempts.Count(About(message)));
        Assert.Equal(1, pipeline.Smtp.Messages.Count(About(message)));
        Assert.Single(pipeline.Outcomes.Delivered, d => d.NotificationId == notificationId);
        Assert.DoesNotContain(pipeline.Outcomes.Failed, f => f.NotificationId == notificationId);
    }

    [Fact]
    public async Task Smtp550_IsNotRetried_AndFailsPermanentlyWithTheServersAnswer()
    {
        var (message, notificationId) = await PostToFreshAgentAsync(marker =>
            pipeline.Smtp.Plan(marker, Reply(550, "Mailbox unavailable")));

        await Eventually.TrueAsync(() => pipeline.Outcomes.Failed.Any(f => f.NotificationId == notificationId), "NotificationFailed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var failed = Assert.Single(pipeline.Outcomes.Failed, f => f.NotificationId == notificationId);
        Assert.True(failed.Permanent);
        Assert.Contains("550", failed.Reason);
        Assert.Equal(1, pipeline.Smtp.Attempts.Count(About(message)));
        Assert.Equal(0, pipeline.Smtp.Messages.Count(About(message)));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.NotificationId == notificationId);
    }

    /// <summary>A first message assigned to a fresh offline agent (A2: one email), with the SMTP plan set before.</summary>
    private async Task<(MessagePosted Message, string NotificationId)> PostToFreshAgentAsync(Action<string> planFor)
    {
        var agent = $"agent-smtp-{Guid.NewGuid():N}"[..22];
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = agent, Role = ParticipantRoles.Agent, Name = "Smtp Case", Email = EmailOf(agent) });
        await pipeline.WaitForParticipantsAsync(agent);

        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = agent }, first: true);
        planFor(message.Text);
        await pipeline.Platform.Publish(message);
        return (message, $"{message.MessageId}:{agent}:{Channels.Email}");
    }

    private static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);

    private static Func<MimeKit.MimeMessage, bool> About(MessagePosted message) =>
        email => (email.TextBody ?? "").Contains(message.Text, StringComparison.Ordinal);
}
