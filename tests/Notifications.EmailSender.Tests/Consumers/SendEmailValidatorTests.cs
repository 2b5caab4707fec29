using Notifications.EmailSender.Consumers;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.Tests.Consumers;

public class SendEmailValidatorTests
{
    private static readonly SendEmailValidator Validator = new();

    [Fact]
    public void WellFormedCommands_PassEvenWithoutAnEmailAddress()
    {
        Validator.EnsureValid(Commands.ToAgent());
        Validator.EnsureValid(Commands.ToUser());
        // A missing address is reported as a permanent NotificationFailed, not sent to the error queue.
        Validator.EnsureValid(Commands.ToAgent().WithRecipientEmail(null));
    }

    [Theory]
    [InlineData("m1:agent\r\nBcc: x:email", "control characters")]
    [InlineData(null, "at most 700")]
    public void AMalformedNotificationId_IsRefusedNamingTheRule(string? notificationId, string reason)
    {
        var command = Commands.ToAgent() with { NotificationId = notificationId ?? new string('n', 701) };

        Assert.Contains(reason, Validator.Problem(command));
    }

    [Fact]
    public void MissingNotificationId_IsAnInvalidMessage()
    {
        var error = Assert.Throws<InvalidMessageException>(() => Validator.EnsureValid(Commands.ToAgent() with { NotificationId = " " }));

        Assert.Contains("NotificationId", error.Message);
    }

    [Fact]
    public void MissingRecipientOrMessage_IsAnInvalidMessage()
    {
        Assert.Throws<InvalidMessageException>(() => Validator.EnsureValid(Commands.ToAgent() with { Recipient = null! }));
        Assert.Throws<InvalidMessageException>(() => Validator.EnsureValid(Commands.ToAgent() with { Message = null! }));
        var command = Commands.ToAgent();
        Assert.Throws<InvalidMessageException>(() => Validator.EnsureValid(command with { Message = command.Message with { Sender = null! } }));
    }

    [Fact]
    public void BotRecipient_IsAnInvalidMessage()
    {
        var command = Commands.ToAgent();

        var error = Assert.Throws<InvalidMessageException>(() =>
            Validator.EnsureValid(command with { Recipient = command.Recipient with { Role = "bot" } }));

        Assert.Contains("'bot'", error.Message);
    }
}
