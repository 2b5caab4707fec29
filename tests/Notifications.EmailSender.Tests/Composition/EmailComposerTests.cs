using MimeKit;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

public class EmailComposerTests
{
    private static EmailComposer Composer(string? adminBaseUrl = "https://admin.example.com") =>
        new(OptionsFactory.Create(new EmailOptions { From = "support@example.com", FromName = "Support", AdminBaseUrl = adminBaseUrl }));

    [Fact]
    public void Email_IsMultipartAlternativeWithTextAndHtml()
    {
        var message = Composer().Compose(Commands.ToAgent());

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        Assert.Equal("text/html", alternative[1].ContentType.MimeType);
        Assert.Contains("Hello, I need help with my order.", message.TextBody);
        Assert.Contains("Hello, I need help with my order.", message.HtmlBody);
    }

    [Fact]
    public void AgentEmail_HasSubjectLinkAndAddresses()
    {
        var message = Composer().Compose(Commands.ToAgent());

        Assert.Equal("New messages in conversation conv 42/a", message.Subject);
        Assert.Contains("https://admin.example.com/conversations/conv%2042%2Fa", message.HtmlBody);
        Assert.Contains("https://admin.example.com/conversations/conv%2042%2Fa", message.TextBody);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal(("Alice Agent", "alice@example.com"), (to.Name, to.Address));
        var from = Assert.IsType<MailboxAddress>(Assert.Single(message.From));
        Assert.Equal(("Support", "support@example.com"), (from.Name, from.Address));
    }

    [Fact]
    public void UserEmail_HasUserSubjectAndNoAdminLink()
    {
        var message = Composer().Compose(Commands.ToUser());

        Assert.Equal("New replies in your conversation", message.Subject);
        Assert.DoesNotContain("admin.example.com", message.HtmlBody);
        Assert.DoesNotContain("admin.example.com", message.TextBody);
    }

    [Fact]
    public void ScriptInMessage_IsEscapedInHtmlAndKeptAsTextInTextPart()
    {
        var message = Composer().Compose(Commands.ToAgent("<script>alert('x')</script>").WithSenderName("<b>Bob</b>"));

        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.DoesNotContain("<b>Bob</b>", message.HtmlBody);
        Assert.Contains("&lt;script&gt;", message.HtmlBody);
        Assert.Contains("<script>alert('x')</script>", message.TextBody);
    }

    [Fact]
    public void CrLfInSenderName_DoesNotInjectAHeader()
    {
        var message = Composer().Compose(Commands.ToAgent().WithSenderName("Bob\r\nBcc: victim@example.com"));

        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var reparsed = MimeMessage.Load(new MemoryStream(stream.ToArray()));
        Assert.Empty(reparsed.Bcc);
        Assert.DoesNotContain("\n", reparsed.Subject);
        Assert.Equal("New messages in conversation conv 42/a", reparsed.Subject);
    }

    [Fact]
    public void CrLfInRecipientName_DoesNotReachTheToHeader()
    {
        var command = Commands.ToAgent();
        command = command with { Recipient = command.Recipient with { Name = "Alice\r\nBcc: victim@example.com" } };

        var message = Composer().Compose(command);

        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var reparsed = MimeMessage.Load(new MemoryStream(stream.ToArray()));
        Assert.Empty(reparsed.Bcc);
        Assert.Equal("alice@example.com", Assert.IsType<MailboxAddress>(Assert.Single(reparsed.To)).Address);
    }

    [Fact]
    public void MessageId_IsDerivedFromTheNotificationId()
    {
        var first = Composer().Compose(Commands.ToAgent());
        var again = Composer().Compose(Commands.ToAgent());
        var other = Composer().Compose(Commands.ToUser());

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
        Assert.EndsWith("@notifications", first.MessageId);
        Assert.Equal("msg-1:agent-7:email", first.Headers[EmailComposer.NotificationIdHeader]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-address")]
    [InlineData("two@example.com, three@example.com")]
    [InlineData("Name <x@example.com>")]
    [InlineData("x@example.com\r\nBcc: y@example.com")]
    [InlineData("@example.com")]
    public void MissingOrInvalidRecipientAddress_IsAPermanentFailure(string? email)
    {
        var error = Assert.Throws<ProviderException>(() => Composer().Compose(Commands.ToAgent().WithRecipientEmail(email)));

        Assert.True(error.Permanent);
        Assert.Contains("email address", error.Message);
    }
}
