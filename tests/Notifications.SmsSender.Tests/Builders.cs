using Notifications.Contracts;

namespace Notifications.SmsSender.Tests;

internal static class Builders
{
    public static SendSms Command(string? phone = "+14155550123", string text = "Hello, is anyone there?", string notificationId = "m-1:agent-7:sms") => new()
    {
        NotificationId = notificationId,
        Rule = "A4",
        Recipient = new NotificationRecipient { Id = "agent-7", Role = "agent", Name = "Ada", Phone = phone },
        Message = new NotifiedMessage
        {
            MessageId = "m-1",
            ConversationId = "c-1",
            Sender = new MessageSender { Id = "user-1", Role = "user", Name = "Grace" },
            Text = text,
            PostedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z"),
        },
    };
}
