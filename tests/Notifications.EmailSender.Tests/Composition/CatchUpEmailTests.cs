using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

/// <summary>A quiet-hours catch-up summary sent by email is a plain-text email of its counts, not a message's template.</summary>
public class CatchUpEmailTests
{
    private static EmailComposer Composer() =>
        new(OptionsFactory.Create(new EmailOptions { From = "support@example.com", FromName = "Support", AdminBaseUrl = "https://admin.example.com" }));

    private static readonly CatchUpSummary FourInThree = new()
    {
        Messages = 4, Conversations = 3, Since = DateTimeOffset.Parse("2025-01-01T22:10:00Z"), Until = DateTimeOffset.Parse("2025-01-02T07:00:00Z"),
    };

    [Fact]
    public void ASummary_IsPlainText_WithTheCountsInSubjectAndBody()
    {
        var command = Commands.ToAgent(text: "") with { Summary = FourInThree };

        var message = Composer().Compose(command);

        Assert.Equal("While you were away: 4 new messages in 3 conversations", message.Subject);
        Assert.Null(message.HtmlBody);
        Assert.Contains("Hello Alice Agent,", message.TextBody);
        Assert.Contains("(from 2025-01-01 22:10 to 2025-01-02 07:00 UTC) you received 4 new messages in 3 conversations.", message.TextBody);
        Assert.Contains("https://admin.example.com/conversations/", message.TextBody);
        Assert.Equal(EmailComposer.MessageIdOf(command.NotificationId), message.MessageId);
    }

    [Fact]
    public void ACommandWithoutASummary_UsesItsTemplateAsBefore()
    {
        var message = Composer().Compose(Commands.ToAgent());

        Assert.Equal("New messages in conversation conv 42/a", message.Subject);
        Assert.Contains("Hello, I need help with my order.", message.TextBody);
    }
}
