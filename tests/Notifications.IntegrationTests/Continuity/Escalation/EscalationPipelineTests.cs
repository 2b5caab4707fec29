using Notifications.Contracts;

namespace Notifications.IntegrationTests.Continuity.Escalation;

/// <summary>
/// Row E1 through the real router and email sender, on RabbitMQ's delay ladder and Redis: a user's message left
/// unanswered for <c>Routing:EscalateAfterSeconds</c> notifies the last agent's department once; an agent's answer or
/// read in time cancels it.
/// </summary>
[Collection(EscalationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EscalationPipelineTests(EscalationFixture pipeline)
{
    /// <summary>Well past the timer (2 s) and an email's way through the pipeline: an escalation due would have come.</summary>
    private static readonly TimeSpan PastTheTimer = TimeSpan.FromSeconds(EscalationFixture.EscalateAfterSeconds + 4);

    [Fact]
    public async Task An_unanswered_message_escalates_once_to_the_last_agents_department()
    {
        var scenario = new EscalationScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        var second = scenario.FromUser();

        await pipeline.Platform.Publish(first);
        await scenario.TimerStartedAsync();
        await pipeline.Platform.Publish(second);

        foreach (var colleague in scenario.ColleagueIds)
            await scenario.EscalationDeliveredAsync(first, colleague);

        await Task.Delay(PastTheTimer);
        // One escalation for the stretch: the second message started no timer of its own.
        Assert.False(scenario.AnyEscalationOf(second));
        foreach (var colleague in scenario.ColleagueIds)
            Assert.Equal(1, scenario.EmailsTo(colleague));
        // Neither the last agent (A4 told them already) nor an agent of another department.
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.NotificationId == EscalationScenario.EscalationIdOf(first, scenario.LastAgentId));
        Assert.Equal(0, scenario.EmailsTo(scenario.OutsiderId));
    }

    [Fact]
    public async Task An_agent_reply_before_the_timer_cancels_the_escalation()
    {
        var scenario = new EscalationScenario(pipeline);
        await scenario.StartAsync();
        var question = scenario.FromUser();

        await pipeline.Platform.Publish(question);
        await scenario.TimerStartedAsync();
        await pipeline.Platform.Publish(scenario.FromLastAgent());

        await Task.Delay(PastTheTimer);
        Assert.False(scenario.AnyEscalationOf(question));
        foreach (var colleague in scenario.ColleagueIds)
            Assert.Equal(0, scenario.EmailsTo(colleague));
    }

    [Fact]
    public async Task An_agent_reading_the_conversation_before_the_timer_cancels_the_escalation()
    {
        var scenario = new EscalationScenario(pipeline);
        await scenario.StartAsync();
        var question = scenario.FromUser();

        await pipeline.Platform.Publish(question);
        await scenario.TimerStartedAsync();
        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = scenario.LastAgentId, ConversationId = scenario.ConversationId, SeenAt = DateTimeOffset.UtcNow });

        await Task.Delay(PastTheTimer);
        Assert.False(scenario.AnyEscalationOf(question));
        foreach (var colleague in scenario.ColleagueIds)
            Assert.Equal(0, scenario.EmailsTo(colleague));
    }
}
