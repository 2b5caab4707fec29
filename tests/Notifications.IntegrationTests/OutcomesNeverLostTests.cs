using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// Every command the email sender acknowledges ends in exactly one outcome, on the running pipeline: one the provider
/// accepted before its outcome could be published is published by the redelivery (never sent again), and one another
/// consumer holds is retried into the error queue for a replay, never acknowledged silently.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OutcomesNeverLostTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task AnEmailTheProviderAcceptedButWhoseOutcomeWasNotPublished_IsPublishedByTheRedelivery_WithoutSendingAgain()
    {
        var command = Command(SalesOffline, onlyWhileOffline: false);
        // What a sender leaves when its publish failed after SMTP accepted the email.
        await pipeline.Redis.GetDatabase().StringSetAsync(LedgerKey(command), "sent:smtp", TimeSpan.FromMinutes(5));

        await pipeline.Platform.SendToQueueAsync(QueueNames.SendEmail, command);

        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "the delivered outcome");
        Assert.Equal("smtp", Assert.Single(pipeline.Outcomes.Delivered, d => d.NotificationId == command.NotificationId).Provider);
        // Marked finished just after the publish (publish first, so a failed publish is redone): not necessarily yet.
        await Eventually.TrueAsync(async () => (string?)await pipeline.Redis.GetDatabase().StringGetAsync(LedgerKey(command)) == "finished", "the ledger to say finished");
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(command.Message.Text));
    }

    [Fact]
    public async Task AnOnlineRecipientsEmailHeldByAnotherConsumer_IsRetriedIntoTheErrorQueue_NeverAcknowledgedWithoutAnOutcome()
    {
        var command = Command(Assigned, onlyWhileOffline: true);
        await pipeline.Redis.GetDatabase().StringSetAsync(LedgerKey(command), "another-sender", TimeSpan.FromMinutes(5));

        await pipeline.Platform.SendToQueueAsync(QueueNames.SendEmail, command);

        var kept = await pipeline.ErrorQueues.WaitForAsync(QueueNames.ErrorQueueOf(QueueNames.SendEmail), m => m.Payload.Contains(command.NotificationId));
        Assert.Contains("being sent by another consumer", kept.Headers.GetValueOrDefault("MT-Fault-Message") ?? "");
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.NotificationId == command.NotificationId);
        Assert.Equal("another-sender", (string?)await pipeline.Redis.GetDatabase().StringGetAsync(LedgerKey(command)));
    }

    private string LedgerKey(SendEmail command) => pipeline.KeyPrefix + "ledger:" + command.NotificationId;

    private static SendEmail Command(string recipientId, bool onlyWhileOffline)
    {
        var messageId = "m-" + Guid.NewGuid().ToString("N")[..12];
        return new SendEmail
        {
            NotificationId = $"{messageId}:{recipientId}:email",
            Rule = "A4",
            OnlyWhileOffline = onlyWhileOffline,
            Recipient = new NotificationRecipient { Id = recipientId, Role = ParticipantRoles.Agent, Name = "Amy", Email = EmailOf(recipientId) },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = "conv-" + messageId,
                Sender = new MessageSender { Id = User, Role = ParticipantRoles.User, Name = "Ursula" },
                Text = "Outcome check " + messageId,
                PostedAt = DateTimeOffset.UtcNow,
            },
        };
    }
}
