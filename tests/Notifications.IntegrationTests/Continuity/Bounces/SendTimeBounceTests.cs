using Notifications.Contracts;
using Notifications.Email.Transport;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// The envelope and the send-time bounce through the real email sender: each email goes out with its own VERP bounce
/// address as MAIL FROM and Return-Path, and a 550 5.1.1 at RCPT TO ends in a permanent, hard-bounced failure.
/// </summary>
[Collection(BounceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SendTimeBounceTests(BounceFixture fixture)
{
    [Fact]
    public async Task An_email_goes_out_with_its_notifications_bounce_address_as_envelope_sender_and_Return_Path()
    {
        var command = await fixture.SendEmailAsync("agent-envelope", "bo.bounce@example.org");

        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        var received = Assert.Single(fixture.Smtp.Accepted, e => (e.Message.TextBody ?? "").Contains(command.Message.MessageId));

        var expected = BounceToken.AddressOf(BounceFixture.SigningKey, BounceFixture.ReplyDomain, command.NotificationId);
        Assert.Equal(expected, received.MailFrom);
        Assert.Equal($"<{expected}>", received.Message.Headers[BounceEnvelope.ReturnPathHeader]);
        Assert.Equal(["bo.bounce@example.org"], received.Recipients);
        Assert.Equal("notifications@helpdesk.test", received.Message.From.Mailboxes.Single().Address);
        Assert.Contains(BounceToken.Create(BounceFixture.SigningKey, command.NotificationId), received.Message.Headers[BounceEnvelope.SendGridSmtpApiHeader]);
    }

    [Fact]
    public async Task A_550_5_1_1_at_RCPT_TO_is_a_permanent_hard_bounce_and_the_server_saw_the_bounce_address()
    {
        var command = await fixture.SendEmailAsync("agent-rejected", "rejected-bo@example.org");

        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "NotificationFailed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.Permanent);
        Assert.Equal(BounceKinds.Hard, failed.Bounce);
        Assert.False(failed.FollowUp);
        Assert.Contains("5.1.1", failed.Reason);
        Assert.DoesNotContain("rejected-bo@example.org", failed.Reason);
        Assert.DoesNotContain(fixture.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);

        var refused = Assert.Single(fixture.Smtp.Refused, r => r.Recipient == "rejected-bo@example.org" && r.MailFrom.Contains(BounceToken.Create(BounceFixture.SigningKey, command.NotificationId)));
        Assert.Equal(BounceToken.AddressOf(BounceFixture.SigningKey, BounceFixture.ReplyDomain, command.NotificationId), refused.MailFrom);
    }
}
