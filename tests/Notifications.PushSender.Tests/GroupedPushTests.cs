using Notifications.Contracts;
using Notifications.PushSender.Providers;

namespace Notifications.PushSender.Tests;

/// <summary>A grouped push says how many messages and shows the latest one's sender and text; its id stays the first's.</summary>
public class GroupedPushTests
{
    [Fact]
    public void AGroupOfTwo_SaysTwo_AndShowsTheLatest()
    {
        var command = Builders.Command(text: "first") with
        {
            Grouped =
            [
                new GroupedNotification
                {
                    NotificationId = "m-2:agent-7:push",
                    Message = new NotifiedMessage
                    {
                        MessageId = "m-2",
                        ConversationId = "c-1",
                        Sender = new MessageSender { Id = "user-1", Role = "user", Name = "Grace Hopper" },
                        Text = "  second, the latest ",
                        PostedAt = DateTimeOffset.Parse("2025-01-02T03:04:06Z"),
                    },
                },
            ],
        };

        var push = PushNotification.From(command);

        Assert.Equal("2 new messages. second, the latest", push.Body);
        Assert.Equal("Grace Hopper", push.Title);
        Assert.Equal("m-1:agent-7:push", push.NotificationId);
    }

    [Fact]
    public void ASingleMessage_IsShownAsBefore()
    {
        var push = PushNotification.From(Builders.Command(text: "Hello"));

        Assert.Equal("Hello", push.Body);
    }
}
