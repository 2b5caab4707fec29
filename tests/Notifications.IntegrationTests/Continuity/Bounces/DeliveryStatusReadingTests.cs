using Notifications.Contracts;
using Notifications.Gateway.EmailEvents;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// What a report mailed to a bounce address means (no broker or Redis involved: the reading alone). The gateway has
/// no unit test project of its own, so these run here with the pipeline tests that use the same reader.
/// </summary>
public sealed class DeliveryStatusReadingTests
{
    private const string Address = "bounce+aaaa@reply.helpdesk.test";

    [Fact]
    public void A_failed_5_x_x_block_is_a_permanent_hard_bounce_with_the_status_and_diagnostic()
    {
        var verdict = DeliveryStatusReports.VerdictOf(BounceReports.Dsn(Address, "failed", "5.1.1", "550 5.1.1 <bo.bounce@example.org>: Recipient address rejected: User unknown"), out var notAReport);

        Assert.False(notAReport);
        Assert.NotNull(verdict);
        Assert.Equal(BounceKinds.Hard, verdict.Bounce);
        Assert.True(verdict.Permanent);
        Assert.StartsWith("Delivery status notification: 5.1.1; smtp; 550 5.1.1 <address>: Recipient address rejected", verdict.Reason);
        Assert.Contains("User unknown", verdict.Reason);
    }

    [Fact]
    public void A_failed_4_x_x_block_is_a_soft_bounce_and_not_permanent()
    {
        var verdict = DeliveryStatusReports.VerdictOf(BounceReports.Dsn(Address, "failed", "4.2.2 (mailbox full)", "452 4.2.2 Mailbox full"), out _);
        Assert.NotNull(verdict);
        Assert.Equal(BounceKinds.Soft, verdict.Bounce);
        Assert.False(verdict.Permanent);
        Assert.Contains("4.2.2", verdict.Reason);
    }

    [Theory]
    [InlineData("delayed", "4.4.1")]
    [InlineData("delivered", "2.0.0")]
    [InlineData("relayed", "2.0.0")]
    public void A_delay_or_a_success_asks_for_nothing(string action, string status)
    {
        Assert.Null(DeliveryStatusReports.VerdictOf(BounceReports.Dsn(Address, action, status, "whatever"), out var notAReport));
        Assert.False(notAReport);
    }

    [Fact]
    public void An_arf_report_is_a_permanent_complaint()
    {
        var verdict = DeliveryStatusReports.VerdictOf(BounceReports.Complaint(Address), out var notAReport);
        Assert.False(notAReport);
        Assert.NotNull(verdict);
        Assert.Equal(BounceKinds.Complaint, verdict.Bounce);
        Assert.True(verdict.Permanent);
        Assert.Contains("abuse", verdict.Reason);
    }

    [Fact]
    public void A_plain_mail_is_not_a_report()
    {
        Assert.Null(DeliveryStatusReports.VerdictOf(BounceReports.PlainMail(Address), out var notAReport));
        Assert.True(notAReport);
    }
}
