using MimeKit;
using Notifications.Gateway.InboundEmail;

namespace Notifications.Gateway.Tests;

/// <summary>Out-of-office and other automatic answers are told from a person's reply by their headers.</summary>
public class AutomaticAnswerTests
{
    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", true)]
    [InlineData("Auto-Submitted", "auto-generated", true)]
    [InlineData("Auto-Submitted", "no", false)]
    [InlineData("Precedence", "bulk", true)]
    [InlineData("Precedence", "auto_reply", true)]
    [InlineData("Precedence", "first-class", false)]
    [InlineData("X-Autoreply", "yes", true)]
    [InlineData("X-Autorespond", "Out of office", true)]
    [InlineData("X-Auto-Response-Suppress", "All", false)]
    public void A_header_marks_an_automatic_answer_or_not(string field, string value, bool automatic)
    {
        var message = new MimeMessage();
        message.Headers.Add(field, value);
        Assert.Equal(automatic, AutomaticAnswer.Is(message));
    }

    [Fact]
    public void A_mail_with_none_of_them_is_a_persons_reply() => Assert.False(AutomaticAnswer.Is(new MimeMessage()));
}
