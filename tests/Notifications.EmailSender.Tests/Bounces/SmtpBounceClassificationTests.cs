using MailKit.Net.Smtp;
using Notifications.Contracts;
using Notifications.Email.Settings;
using Notifications.Email.Transport;

namespace Notifications.EmailSender.Tests.Bounces;

/// <summary>Which SMTP refusals at send time say the address itself is bad (a hard bounce).</summary>
public class SmtpBounceClassificationTests
{
    private static readonly SmtpOptions Smtp = new() { Host = "smtp.example.com", Port = 25 };

    private static SmtpCommandException Refusal(SmtpErrorCode code, int status, string text) =>
        new(code, (SmtpStatusCode)status, new MimeKit.MailboxAddress("", "someone@example.com"), text);

    [Theory]
    [InlineData(550, "5.1.1 <someone@example.com>: Recipient address rejected: User unknown")]
    [InlineData(550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")]
    [InlineData(553, "5.1.3 Bad recipient address syntax")]
    [InlineData(550, "5.1.2 Domain not found")]
    public void A_permanent_5_1_x_refusal_of_the_recipient_is_a_hard_bounce(int status, string text)
    {
        var failure = SmtpFailures.Classify(Refusal(SmtpErrorCode.RecipientNotAccepted, status, text), Smtp);
        Assert.True(failure.Permanent);
        Assert.Equal(BounceKinds.Hard, failure.Bounce);
        Assert.DoesNotContain("someone@example.com", failure.Message);
    }

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "5.7.1 Relaying denied")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "Mailbox unavailable")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 450, "4.1.1 Mailbox temporarily unavailable")]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 550, "5.1.8 Bad sender address")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 554, "5.6.0 Message rejected")]
    public void Other_refusals_say_nothing_about_the_address(SmtpErrorCode code, int status, string text) =>
        Assert.Null(SmtpFailures.Classify(Refusal(code, status, text), Smtp).Bounce);

    [Fact]
    public void Rejected_credentials_are_permanent_without_a_bounce()
    {
        var failure = SmtpFailures.Classify(new MailKit.Security.AuthenticationException("535 5.7.8 bad credentials"), Smtp);
        Assert.True(failure.Permanent);
        Assert.Null(failure.Bounce);
    }
}
