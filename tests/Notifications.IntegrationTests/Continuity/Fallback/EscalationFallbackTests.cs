using Notifications.Contracts;
using Notifications.Router.Routing;
using SmtpServer.Protocol;
using static Notifications.IntegrationTests.Continuity.Fallback.FallbackScenario;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// A message's agent who is also its escalation's (row E1) gets two emails, each with its own fallback-only SMS held:
/// when both emails are refused, each falls back to its own SMS, the escalation's under its <c>:e1</c> id.
/// </summary>
[Collection(EscalationFallbackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EscalationFallbackTests(EscalationFallbackFixture pipeline)
{
    [Fact]
    public async Task A_refused_escalation_email_falls_back_to_its_own_sms_beside_the_message_own_fallback()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();
        var refused = new SmtpResponse((SmtpReplyCode)550, "5.1.1 The email account that you tried to reach does not exist");
        // Both emails about the message are refused: row A1's, then the escalation's.
        pipeline.Smtp.Plan(message.Text, refused, refused);

        await pipeline.Platform.Publish(message);

        var ownEmail = IdOf(message, scenario.AgentId, Channels.Email);
        var ownFallback = await scenario.DeliveredAsync(FallbackIdOf(message, scenario.AgentId, Channels.Sms));
        Assert.Equal(ownEmail, ownFallback.FallbackOf);

        var escalationBase = message.MessageId + MessageRouter.EscalationIdSuffix;
        var escalationEmail = NotificationIds.For(escalationBase, scenario.AgentId, Channels.Email);
        Assert.True((await scenario.FailedAsync(escalationEmail)).Permanent);
        var escalationFallback = await scenario.DeliveredAsync(NotificationIds.FallbackFor(escalationBase, scenario.AgentId, Channels.Sms));
        Assert.Equal(escalationEmail, escalationFallback.FallbackOf);
        Assert.Equal(2, scenario.SmsTo(scenario.AgentPhone, message).Count);
    }
}
