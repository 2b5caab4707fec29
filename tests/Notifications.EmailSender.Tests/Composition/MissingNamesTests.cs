using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Notifications.SharedState.Transcripts;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

/// <summary>
/// Names a platform left out (<c>"name": null</c>) get a fallback instead of failing the email (a null attachment name
/// used to fail it as transient, into <c>send-email_error</c>, and abort a whole digest flush).
/// </summary>
public class MissingNamesTests
{
    private static readonly EmailComposer Composer =
        new(OptionsFactory.Create(new EmailOptions { From = "support@example.com", FromName = "Support" }));

    [Fact]
    public void AnAttachmentWithoutName_IsListedByTheLastSegmentOfItsUrl()
    {
        var command = Commands.ToAgent();
        command = command with { Message = command.Message with { Attachments = [new Attachment { Name = null!, Url = "https://files.test/a/invoice%2042.pdf" }] } };

        var message = Composer.Compose(command);

        Assert.Contains("invoice 42.pdf: https://files.test/a/invoice%2042.pdf", message.TextBody);
    }

    [Fact]
    public void ASenderWithoutName_IsCalledByTheirRole()
    {
        var command = Commands.ToAgent();
        command = command with { Message = command.Message with { Sender = command.Message.Sender with { Name = null! } } };

        var message = Composer.Compose(command);

        Assert.Contains("Customer wrote in conversation", message.TextBody);
    }

    [Fact]
    public void ADigestWithAnAttachmentAndASenderWithoutNames_IsComposed()
    {
        var entry = new TranscriptEntry
        {
            MessageId = "m1",
            SenderId = "u1",
            SenderName = null!,
            SenderRole = ParticipantRoles.User,
            Text = "See the file",
            Attachments = [new Attachment { Name = null!, Url = "https://files.test/" }],
            PostedAt = DateTimeOffset.UnixEpoch,
        };
        var recipient = new NotificationRecipient { Id = "alice", Role = ParticipantRoles.Agent, Name = "Alice", Email = "alice@example.com" };

        var message = EmailComposer.ComposeDigest("d", recipient, "c1", [entry], new EmailOptions { From = "support@example.com" }, DefaultTemplates.AgentDigest);

        Assert.Contains("Customer (", message.TextBody);
        Assert.Contains("attachment: https://files.test/", message.TextBody);
    }
}
