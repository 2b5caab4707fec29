using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.Gateway.EmailEvents;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// A DSN mailed back to the VERP address of an email the real email sender sent (so the token and the record are the
/// real ones), given to the gateway's DSN reader as its inbound mail endpoint hands it over, against the real broker
/// and Redis: the follow-up NotificationFailed carries the status and the diagnostic, once per report.
/// </summary>
[Collection(BounceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DeliveryStatusReportTests(BounceFixture fixture)
{
    // Scoped, as the inbound endpoint resolves it per request (it publishes through the scoped publish endpoint).
    private DeliveryStatusReports Reader => fixture.Gateway.Services.CreateScope().ServiceProvider.GetRequiredService<DeliveryStatusReports>();

    [Fact]
    public async Task A_failed_DSN_to_the_bounce_address_is_published_once_as_a_hard_follow_up_with_status_and_diagnostic()
    {
        var (command, bounceAddress) = await DeliveredEmailAsync("agent-dsn");
        var dsn = BounceReports.Dsn(bounceAddress, "failed", "5.1.1", "550 5.1.1 <bo.bounce@example.org>: Recipient address rejected: User unknown in virtual mailbox table");

        var outcome = await Reader.HandleAsync(dsn, bounceAddress, CancellationToken.None);
        Assert.Equal((BounceReportStatus.Published, command.NotificationId), (outcome.Status, outcome.NotificationId));

        // The inbound provider posts the same mail again.
        var again = await Reader.HandleAsync(dsn, bounceAddress, CancellationToken.None);
        Assert.Equal(BounceReportStatus.Published, again.Status);

        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "the follow-up NotificationFailed");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.FollowUp);
        Assert.True(failed.Permanent);
        Assert.Equal(BounceKinds.Hard, failed.Bounce);
        Assert.Equal((command.Recipient.Id, command.Message.ConversationId, command.Message.MessageId), (failed.RecipientId, failed.ConversationId, failed.MessageId));
        Assert.StartsWith("Delivery status notification: 5.1.1; smtp; 550 5.1.1 ", failed.Reason);
        Assert.Contains("Recipient address rejected: User unknown in virtual mailbox table", failed.Reason);
        // The address the remote server quoted is masked, as in every published reason.
        Assert.DoesNotContain("bo.bounce@example.org", failed.Reason);
    }

    [Fact]
    public async Task A_relay_that_uppercased_the_address_changes_nothing()
    {
        var (command, bounceAddress) = await DeliveredEmailAsync("agent-dsn-case");
        var shouted = bounceAddress.ToUpperInvariant();
        var outcome = await Reader.HandleAsync(BounceReports.Dsn(shouted, "failed", "5.1.1", "550 5.1.1 No such user"), shouted, CancellationToken.None);
        Assert.Equal((BounceReportStatus.Published, command.NotificationId), (outcome.Status, outcome.NotificationId));
    }

    [Fact]
    public async Task A_delayed_DSN_publishes_nothing()
    {
        var (command, bounceAddress) = await DeliveredEmailAsync("agent-dsn-delay");
        var outcome = await Reader.HandleAsync(BounceReports.Dsn(bounceAddress, "delayed", "4.4.1", "Connection timed out"), bounceAddress, CancellationToken.None);

        Assert.Equal(BounceReportStatus.Ignored, outcome.Status);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task An_ARF_complaint_to_the_bounce_address_is_a_permanent_complaint_follow_up()
    {
        var (command, bounceAddress) = await DeliveredEmailAsync("agent-arf");
        var outcome = await Reader.HandleAsync(BounceReports.Complaint(bounceAddress), bounceAddress, CancellationToken.None);

        Assert.Equal(BounceReportStatus.Published, outcome.Status);
        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "the complaint");
        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.Equal((BounceKinds.Complaint, true, true), (failed.Bounce, failed.Permanent, failed.FollowUp));
    }

    [Fact]
    public async Task A_forged_token_and_a_token_of_an_email_never_sent_are_refused()
    {
        var forged = BounceToken.AddressOf("a-key-that-is-not-the-gateways-0123456789abcdef", BounceFixture.ReplyDomain, "n-never-sent");
        var refused = await Reader.HandleAsync(BounceReports.Dsn(forged, "failed", "5.1.1", "No such user"), forged, CancellationToken.None);
        Assert.Equal(BounceReportStatus.Refused, refused.Status);
        Assert.Contains("signature", refused.Detail);

        // Signed with the real key, but no email was sent with it: no record.
        var unknown = BounceToken.AddressOf(BounceFixture.SigningKey, BounceFixture.ReplyDomain, $"n-never-sent-{Guid.NewGuid():N}");
        var notOurs = await Reader.HandleAsync(BounceReports.Dsn(unknown, "failed", "5.1.1", "No such user"), unknown, CancellationToken.None);
        Assert.Equal(BounceReportStatus.Refused, notOurs.Status);
        Assert.Null(notOurs.NotificationId);
    }

    private async Task<(SendEmail Command, string BounceAddress)> DeliveredEmailAsync(string recipientId)
    {
        var command = await fixture.SendEmailAsync($"{recipientId}-{Guid.NewGuid():N}"[..30], "bo.bounce@example.org");
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        // The address the receiving MTA bounces to: the envelope sender it was given.
        return (command, fixture.Smtp.Accepted.Single(e => (e.Message.TextBody ?? "").Contains(command.Message.MessageId)).MailFrom);
    }
}
