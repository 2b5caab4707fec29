using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// The platform publishes a new participant just before their first message, and the router's queue is consumed
/// concurrently, so the message can be decided before the participant is stored. A message naming someone the
/// directory does not know waits (<c>Routing:DirectoryWaitSeconds</c>, 2 s here) and is then routed with the
/// directory as it is: a participant who arrives meanwhile is notified, one who never does is suppressed once.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DirectoryWaitTests(PipelineFixture pipeline)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(PipelineFixture.DirectoryWaitSeconds);

    [Fact]
    public async Task U1_AgentRepliesToAUserWhoseParticipantEventComesJustAfter_TheUserIsStillEmailed()
    {
        var userId = $"user-late-{Guid.NewGuid():N}"[..22];
        var message = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = userId, LastAgentId = LastAgent }, first: false);

        await pipeline.Platform.Publish(message);
        await Task.Delay(Wait / 4);
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = userId, Role = ParticipantRoles.User, Name = "Grace Hopper", Email = EmailOf(userId) });

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(userId))), "the late user's email");
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId);
    }

    [Fact]
    public async Task A1_AgentWhoseParticipantEventComesJustAfter_TheFirstMessageOfTheirDepartmentStillReachesThem()
    {
        var department = $"dept-{Guid.NewGuid():N}"[..17];
        var agentId = $"agent-late-{Guid.NewGuid():N}"[..23];
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = department }, first: true);

        await pipeline.Platform.Publish(message);
        await Task.Delay(Wait / 4);
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = agentId, Role = ParticipantRoles.Agent, Name = "Late", Email = EmailOf(agentId), DepartmentIds = [department] });

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(agentId)) && (m.TextBody ?? "").Contains(message.Text)),
            "the late agent's email");
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId);
    }

    [Fact]
    public async Task RecipientStillUnknownAfterTheWait_IsSuppressedOnce_AfterTheWait_AndNothingIsSent()
    {
        var userId = $"user-never-{Guid.NewGuid():N}"[..23];
        var message = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = userId, LastAgentId = LastAgent }, first: false);
        var published = DateTimeOffset.UtcNow;

        await pipeline.Platform.Publish(message);
        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId), "the unknown-recipient suppression");
        var decidedAfter = DateTimeOffset.UtcNow - published;
        await Task.Delay(TimeSpan.FromSeconds(1));

        var suppressed = Assert.Single(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId);
        Assert.Equal((userId, "all", "U1", "unknown-recipient"), (suppressed.RecipientId, suppressed.Channel, suppressed.Rule, suppressed.Reason));
        Assert.True(decidedAfter >= Wait - TimeSpan.FromMilliseconds(200), $"decided after {decidedAfter.TotalMilliseconds:0} ms, before the {Wait.TotalSeconds} s wait");
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(message.Text));
    }
}
