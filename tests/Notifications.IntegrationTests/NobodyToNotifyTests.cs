using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>A message whose row names nobody still has a visible outcome: a suppression saying why, and the fallback row.</summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class NobodyToNotifyTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A1_DepartmentWithoutAgents_SaysSo_AndFallsBackToEveryAgent()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "nobody-works-here" }, first: true);
        await pipeline.Platform.Publish(message);

        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId && s.Reason == "department-without-agents"), "the A1 suppression");
        var suppressed = Assert.Single(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId && s.Rule == "A1");
        Assert.Equal(("", "all", "department-without-agents", $"{message.MessageId}::all"),
            (suppressed.RecipientId, suppressed.Channel, suppressed.Reason, suppressed.NotificationId));
        // A3: every offline agent of the help desk hears of it.
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(SupportOffline)) && (m.TextBody ?? "").Contains(message.Text)),
            "the fallback email to an offline agent");
    }

    [Fact]
    public async Task N1_BotMessage_PublishesOneBotMessageSuppressionForTheUser()
    {
        var message = Message("bot", ParticipantRoles.Bot, new ConversationInfo { UserId = User }, first: false);
        await pipeline.Platform.Publish(message);

        var suppressed = await SingleSuppressionAsync(message);
        Assert.Equal((User, "all", "N1", "bot-message"), (suppressed.RecipientId, suppressed.Channel, suppressed.Rule, suppressed.Reason));
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(message.Text));
    }

    private async Task<NotificationSuppressed> SingleSuppressionAsync(MessagePosted message)
    {
        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId), "the suppression");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return Assert.Single(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId);
    }
}
