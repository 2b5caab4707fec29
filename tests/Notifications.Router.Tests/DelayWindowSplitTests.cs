using Notifications.Contracts;
using Notifications.Router.Holding;
using Notifications.Router.Window;

namespace Notifications.Router.Tests;

/// <summary>At a window's end the messages read by then are told from the others by the stored read time alone.</summary>
public class DelayWindowSplitTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NoRead_LeavesEveryNotificationToSend()
    {
        var (read, unread) = DelayWindowRelease.Split([Pending("a", 0), Pending("b", 1)], seenAt: null);

        Assert.Empty(read);
        Assert.Equal(["a", "b"], unread.Select(p => p.NotificationId));
    }

    [Fact]
    public void AReadAtOrAfterTheLatestMessage_CoversThemAll()
    {
        var (read, unread) = DelayWindowRelease.Split([Pending("a", 0), Pending("b", 1)], seenAt: Start.AddSeconds(1));

        Assert.Equal(["a", "b"], read.Select(p => p.NotificationId));
        Assert.Empty(unread);
    }

    [Fact]
    public void AReadBetweenTwoMessages_CoversOnlyTheEarlierOne()
    {
        var (read, unread) = DelayWindowRelease.Split([Pending("a", 0), Pending("b", 2)], seenAt: Start.AddSeconds(1));

        Assert.Equal(["a"], read.Select(p => p.NotificationId));
        Assert.Equal(["b"], unread.Select(p => p.NotificationId));
    }

    private static PendingNotification Pending(string id, int secondsAfterStart) => new()
    {
        NotificationId = id,
        Rule = "A4",
        Recipient = new NotificationRecipient { Id = "agent-1", Role = ParticipantRoles.Agent, Name = "Sam" },
        Message = new NotifiedMessage
        {
            MessageId = "m-" + id,
            ConversationId = "c-1",
            Sender = new MessageSender { Id = "user-1", Role = ParticipantRoles.User, Name = "Ada" },
            Text = "text " + id,
            PostedAt = Start.AddSeconds(secondsAfterStart),
        },
    };
}
