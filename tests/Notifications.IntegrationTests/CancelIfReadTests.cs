using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// Cancel if read: a per-message email decided because its recipient was offline is dropped, with a
/// suppression, when the recipient is online by the time the email sender gets to it.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CancelIfReadTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task OfflineOnlyEmail_ForARecipientOnlineNow_IsDroppedWithRecipientRead()
    {
        var command = Command(Assigned, onlyWhileOffline: true);

        await SendAsync(command);

        await Eventually.TrueAsync(() => pipeline.Outcomes.Suppressed.Any(s =>
            s.NotificationId == command.NotificationId && s.Reason == "recipient-read"), "the recipient-read suppression");
        await Task.Delay(500);
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(command.Message.Text));
    }

    [Fact]
    public async Task EmailWithoutOfflineFilter_ForARecipientOnlineNow_IsSent()
    {
        var command = Command(Assigned, onlyWhileOffline: false);

        await SendAsync(command);

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => (m.TextBody ?? "").Contains(command.Message.Text)), "the email");
    }

    private Task SendAsync(SendEmail command) => pipeline.Platform.SendToQueueAsync(QueueNames.SendEmail, command);

    private static SendEmail Command(string recipientId, bool onlyWhileOffline)
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = recipientId }, first: false);
        return new SendEmail
        {
            NotificationId = $"{message.MessageId}:{recipientId}:email",
            Rule = "A4",
            OnlyWhileOffline = onlyWhileOffline,
            Recipient = new NotificationRecipient { Id = recipientId, Role = ParticipantRoles.Agent, Name = "Amy", Email = EmailOf(recipientId) },
            Message = new NotifiedMessage
            {
                MessageId = message.MessageId,
                ConversationId = message.ConversationId,
                Sender = message.Sender,
                Text = message.Text,
                PostedAt = message.PostedAt,
            },
        };
    }
}
