using System.Net;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>A Mailgun route's <c>forward()</c> to <c>/email/inbound/mailgun-mime</c>, signed as Mailgun signs it, into the real gateway.</summary>
[Collection(ReplyCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MailgunReplyTests(ReplyFixture fixture)
{
    [Fact]
    public async Task A_forwarded_reply_is_published_once_and_a_retry_with_a_new_token_publishes_nothing_new()
    {
        var (command, _, reply, replyAddress) = await fixture.AnsweredEmailAsync("ada.mailgun@example.org", "Tuesday is fine.");

        var first = await InboundPosts.MailgunAsync(fixture.Http, reply, replyAddress, token: Guid.NewGuid().ToString("N"));
        var retried = await InboundPosts.MailgunAsync(fixture.Http, reply, replyAddress, token: Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("published", await InboundPosts.OutcomeAsync(first));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var published = await fixture.PublishedOnceAsync(reply);
        Assert.Equal(command.Recipient.Id, published.ParticipantId);
        Assert.Equal("Tuesday is fine.", published.Text);
    }

    [Fact]
    public async Task A_forged_signature_a_stale_timestamp_and_a_replayed_token_are_refused_401()
    {
        var (_, email) = await fixture.SendEmailAsync("ada.mailgun.forged@example.org");
        var replyAddress = email.ReplyTo.Mailboxes.Single().Address;
        var forgedReply = ReplyFixture.ReplyTo(email, "ada.mailgun.forged@example.org", "forged");
        var staleReply = ReplyFixture.ReplyTo(email, "ada.mailgun.forged@example.org", "stale");

        var forged = await InboundPosts.MailgunAsync(fixture.Http, forgedReply, replyAddress, Guid.NewGuid().ToString("N"), key: "another-mailgun-key-0123456789abcdef");
        var stale = await InboundPosts.MailgunAsync(fixture.Http, staleReply, replyAddress, Guid.NewGuid().ToString("N"), signedAt: DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == forgedReply.MessageId || r.InboundMessageId == staleReply.MessageId);

        // A captured post sent again: the same signed token, now carrying another mail.
        var token = Guid.NewGuid().ToString("N");
        var genuine = ReplyFixture.ReplyTo(email, "ada.mailgun.forged@example.org", "genuine");
        var smuggled = ReplyFixture.ReplyTo(email, "ada.mailgun.forged@example.org", "smuggled");
        Assert.Equal(HttpStatusCode.OK, (await InboundPosts.MailgunAsync(fixture.Http, genuine, replyAddress, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InboundPosts.MailgunAsync(fixture.Http, smuggled, replyAddress, token)).StatusCode);
        await Eventually.TrueAsync(() => fixture.Outcomes.EmailReplies.Any(r => r.InboundMessageId == genuine.MessageId), "the genuine reply");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == smuggled.MessageId);
    }
}
