using Notifications.EmailSender.Consumers;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.Tests.Consumers;

public class SendEmailValidationTests
{
    [Fact]
    public void WellFormedCommands_PassEvenWithoutAnEmailAddress()
    {
        SendEmailValidation.EnsureWellFormed(Commands.ToAgent());
        SendEmailValidation.EnsureWellFormed(Commands.ToUser());
        // A missing address is reported as a permanent NotificationFailed, not sent to the error queue.
        SendEmailValidation.EnsureWellFormed(Commands.ToAgent().WithRecipientEmail(null));
    }

    [Fact]
    public void MissingNotificationId_IsAnInvalidMessage()
    {
        var error = Assert.Throws<InvalidMessageException>(() => SendEmailValidation.EnsureWellFormed(Commands.ToAgent() with { NotificationId = " " }));

        Assert.Contains("NotificationId", error.Message);
    }

    [Fact]
    public void MissingRecipientOrMessage_IsAnInvalidMessage()
    {
        Assert.Throws<InvalidMessageException>(() => SendEmailValidation.EnsureWellFormed(Commands.ToAgent() with { Recipient = null! }));
        Assert.Throws<InvalidMessageException>(() => SendEmailValidation.EnsureWellFormed(Commands.ToAgent() with { Message = null! }));
        var command = Commands.ToAgent();
        Assert.Throws<InvalidMessageException>(() => SendEmailValidation.EnsureWellFormed(command with { Message = command.Message with { Sender = null! } }));
    }

    [Fact]
    public void BotRecipient_IsAnInvalidMessage()
    {
        var command = Commands.ToAgent();

        var error = Assert.Throws<InvalidMessageException>(() =>
            SendEmailValidation.EnsureWellFormed(command with { Recipient = command.Recipient with { Role = "bot" } }));

        Assert.Contains("'bot'", error.Message);
    }
}
