using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Notifications.Email.Settings;
using Notifications.Email.Transport;

namespace Notifications.EmailSender.Tests.Transport;

public class SmtpFailuresTests
{
    private static readonly SmtpOptions Smtp = new() { Host = "smtp.example.com", Port = 587, Username = "mailer", Password = "s3cr3t-value" };

    [Fact]
    public void RejectedRecipient_IsPermanent_NamesTheStatus_AndMasksTheAddress()
    {
        var failure = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            new MailboxAddress("", "someone@example.com"), "5.1.1 <someone@example.com>: Recipient address rejected");

        var error = SmtpFailures.Classify(failure, Smtp);

        Assert.True(error.Permanent);
        Assert.Contains("rejected the recipient: 550", error.Message);
        Assert.DoesNotContain("someone@example.com", error.Message);
    }

    [Fact]
    public void TemporaryRefusal_IsTransient()
    {
        var failure = new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxBusy, "4.2.0 try later");

        Assert.False(SmtpFailures.Classify(failure, Smtp).Permanent);
    }

    [Fact]
    public void RejectedCredentials_ArePermanent_AndNameTheKeysNotThePassword()
    {
        var error = SmtpFailures.Classify(new AuthenticationException("535 authentication failed"), Smtp);

        Assert.True(error.Permanent);
        Assert.Contains("check Email:Smtp:Username and Email:Smtp:Password", error.Message);
        Assert.DoesNotContain("s3cr3t-value", error.Message);
    }

    [Fact]
    public void TlsHandshakeFailure_IsTransient_AndPointsAtTheSecuritySetting()
    {
        var error = SmtpFailures.Classify(new SslHandshakeException("handshake failed"), Smtp);

        Assert.False(error.Permanent);
        Assert.Contains("Email:Smtp:Security", error.Message);
    }

    [Fact]
    public void UnknownHost_IsTransient_AndPointsAtTheHostSetting()
    {
        var error = SmtpFailures.Classify(new SocketException((int)SocketError.HostNotFound), Smtp);

        Assert.False(error.Permanent);
        Assert.Contains("Email:Smtp:Host", error.Message);
    }
}
