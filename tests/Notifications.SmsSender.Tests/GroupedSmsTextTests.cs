using Notifications.Contracts;
using Notifications.SmsSender.Providers;

namespace Notifications.SmsSender.Tests;

/// <summary>A grouped SMS says how many messages, then shows the latest with its sender.</summary>
public class GroupedSmsTextTests
{
    [Fact]
    public void ASingleMessage_IsShownAsBefore()
    {
        var command = Builders.Command(text: "Where is my order?");

        Assert.Equal("Grace: Where is my order?", SmsText.For(command.Message, command.Grouped));
    }

    [Fact]
    public void AGroupOfThree_SaysThree_AndShowsTheLatest()
    {
        var command = Builders.Command(text: "first") with
        {
            Grouped = [Later("m-2", "second", "Grace"), Later("m-3", "third, the latest", "Grace")],
        };

        Assert.Equal("3 new messages. Grace: third, the latest", SmsText.For(command.Message, command.Grouped));
    }

    [Fact]
    public void AGroupedText_StaysWithinTheSmsLimit()
    {
        var command = Builders.Command(text: "first") with { Grouped = [Later("m-2", new string('x', 1000), "Grace")] };

        var text = SmsText.For(command.Message, command.Grouped);

        Assert.True(text.Length <= SmsText.MaxLength);
        Assert.StartsWith("2 new messages. Grace: xxx", text);
    }

    private static GroupedNotification Later(string messageId, string text, string sender) => new()
    {
        NotificationId = messageId + ":agent-7:sms",
        Message = new NotifiedMessage
        {
            MessageId = messageId,
            ConversationId = "c-1",
            Sender = new MessageSender { Id = "user-1", Role = "user", Name = sender },
            Text = text,
            PostedAt = DateTimeOffset.Parse("2025-01-02T03:04:06Z"),
        },
    };
}
