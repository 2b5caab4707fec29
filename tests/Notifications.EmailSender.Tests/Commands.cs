using Notifications.Contracts;

namespace Notifications.EmailSender.Tests;

/// <summary>Well-formed commands to vary per test.</summary>
internal static class Commands
{
    public static SendEmail ToAgent(string text = "Hello, I need help with my order.") => new()
    {
        NotificationId = "msg-1:agent-7:email",
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = "agent-7",
            Role = ParticipantRoles.Agent,
            Name = "Alice Agent",
            Email = "alice@example.com",
        },
        Message = new NotifiedMessage
        {
            MessageId = "msg-1",
            ConversationId = "conv 42/a",
            Sender = new MessageSender
            {
                Id = "user-3",
                Role = ParticipantRoles.User,
                Name = "Bob Visitor",
                ProfileImageUrl = "https://cdn.example.com/bob.png",
            },
            Text = text,
            PostedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        },
    };

    public static SendEmail ToUser(string text = "We shipped it today.")
    {
        var command = ToAgent(text);
        return command with
        {
            NotificationId = "msg-2:user-3:email",
            Rule = "U1",
            Recipient = new NotificationRecipient { Id = "user-3", Role = ParticipantRoles.User, Name = "Bob Visitor", Email = "bob@example.com" },
            Message = command.Message with
            {
                Sender = new MessageSender { Id = "agent-7", Role = ParticipantRoles.Agent, Name = "Alice Agent" },
            },
        };
    }

    public static SendEmail WithRecipientEmail(this SendEmail command, string? email) =>
        command with { Recipient = command.Recipient with { Email = email } };

    public static SendEmail WithSenderName(this SendEmail command, string name) =>
        command with { Message = command.Message with { Sender = command.Message.Sender with { Name = name } } };
}
