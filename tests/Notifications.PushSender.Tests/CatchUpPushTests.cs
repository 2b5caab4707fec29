using Notifications.Contracts;
using Notifications.PushSender.Providers;

namespace Notifications.PushSender.Tests;

/// <summary>A quiet-hours catch-up summary pushes "While you were away" and the counts; a command without one reads as before.</summary>
public class CatchUpPushTests
{
    [Fact]
    public void ASummary_TitlesItselfAndSaysWhatWasMissed()
    {
        var command = Builders.Command(text: "") with
        {
            NotificationId = "quiet:agent-7:push:638712",
            Summary = new CatchUpSummary { Messages = 2, Conversations = 1, Since = DateTimeOffset.UnixEpoch, Until = DateTimeOffset.UnixEpoch.AddHours(9) },
        };

        var push = PushNotification.From(command);

        Assert.Equal("While you were away", push.Title);
        Assert.Equal("2 new messages in 1 conversation", push.Body);
        Assert.Equal("quiet:agent-7:push:638712", push.NotificationId);
    }

    [Fact]
    public void ACommandWithoutASummary_ShowsItsSenderAndText()
    {
        var command = Builders.Command(text: "Hello, is anyone there?");

        var push = PushNotification.From(command);

        Assert.Equal("Hello, is anyone there?", push.Body);
        Assert.NotEqual("While you were away", push.Title);
    }
}
