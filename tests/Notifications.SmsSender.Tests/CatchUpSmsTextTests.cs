using Notifications.Contracts;
using Notifications.SmsSender.Providers;

namespace Notifications.SmsSender.Tests;

/// <summary>A quiet-hours catch-up summary is one line in the SMS sender's words; a command without one reads as before.</summary>
public class CatchUpSmsTextTests
{
    private static readonly CatchUpSummary ThreeInTwo = new()
    {
        Messages = 3, Conversations = 2, Since = DateTimeOffset.Parse("2025-01-01T22:10:00Z"), Until = DateTimeOffset.Parse("2025-01-02T07:00:00Z"),
    };

    [Fact]
    public void ASummary_SaysHowManyMessagesInHowManyConversations()
    {
        var command = Builders.Command(text: "") with { Summary = ThreeInTwo };

        Assert.Equal("While you were away: 3 new messages in 2 conversations.", SmsText.For(command));
    }

    [Fact]
    public void ASummaryOfOne_IsSingular()
    {
        var command = Builders.Command(text: "") with { Summary = ThreeInTwo with { Messages = 1, Conversations = 1 } };

        Assert.Equal("While you were away: 1 new message in 1 conversation.", SmsText.For(command));
    }

    [Fact]
    public void ACommandQueuedBeforeSummaries_RendersItsMessageAsBefore()
    {
        var command = Builders.Command(text: "2 new messages in 2 conversations");

        Assert.Equal(SmsText.For(command.Message, command.Grouped), SmsText.For(command));
        Assert.EndsWith(": 2 new messages in 2 conversations", SmsText.For(command));
    }
}
