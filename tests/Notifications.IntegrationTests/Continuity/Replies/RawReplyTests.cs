using System.Net;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>
/// A reply piped by an MTA (raw MIME, <c>X-Inbound-Secret</c>) to the real gateway becomes one EmailReplyReceived on the
/// real broker: stripped text, the participant and conversation of the reply address, attachments up to the limit.
/// </summary>
[Collection(ReplyCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RawReplyTests(ReplyFixture fixture)
{
    [Fact]
    public async Task A_piped_reply_is_published_once_with_its_stripped_text_and_attachments()
    {
        var (command, email) = await fixture.SendEmailAsync("Ada.Reply@Example.org");
        var reply = ReplyFixture.ReplyTo(email, "ada.reply@example.org", "Yes, it arrived this morning. Thanks!",
            ("receipt.txt", 100), ("photo.bin", ReplyFixture.MaxAttachmentBytes + 1));
        var replyAddress = email.ReplyTo.Mailboxes.Single().Address;

        var first = await InboundPosts.RawAsync(fixture.Http, reply, replyAddress);
        var again = await InboundPosts.RawAsync(fixture.Http, reply, replyAddress);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("published", await InboundPosts.OutcomeAsync(first));
        Assert.Equal("published", await InboundPosts.OutcomeAsync(again));
        await Eventually.TrueAsync(() => fixture.Outcomes.EmailReplies.Any(r => r.InboundMessageId == reply.MessageId), "EmailReplyReceived");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var published = Assert.Single(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == reply.MessageId);
        Assert.Equal(command.Recipient.Id, published.ParticipantId);
        Assert.Equal(command.Message.ConversationId, published.ConversationId);
        Assert.Equal("Yes, it arrived this morning. Thanks!", published.Text);
        Assert.True(published.SenderVerified);
        Assert.Equal(email.MessageId, published.InReplyTo);
        Assert.Collection(published.Attachments,
            small =>
            {
                Assert.Equal("receipt.txt", small.Name);
                Assert.Equal(100, small.Size);
                Assert.Equal(100, small.Content?.Length);
            },
            large =>
            {
                Assert.Equal("photo.bin", large.Name);
                Assert.Equal(ReplyFixture.MaxAttachmentBytes + 1, large.Size);
                Assert.Null(large.Content);
            });
    }

    [Fact]
    public async Task A_reply_from_another_address_is_published_unverified_and_found_by_its_To_without_an_envelope()
    {
        var (command, email) = await fixture.SendEmailAsync("ada.verified@example.org");
        var reply = ReplyFixture.ReplyTo(email, "colleague@example.org", "Forwarding this on Ada's behalf.");

        var response = await InboundPosts.RawAsync(fixture.Http, reply, envelopeTo: null);

        Assert.Equal("published", await InboundPosts.OutcomeAsync(response));
        await Eventually.TrueAsync(() => fixture.Outcomes.EmailReplies.Any(r => r.InboundMessageId == reply.MessageId), "EmailReplyReceived");
        var published = fixture.Outcomes.EmailReplies.Single(r => r.InboundMessageId == reply.MessageId);
        Assert.False(published.SenderVerified);
        Assert.Equal(command.Message.ConversationId, published.ConversationId);
    }

    [Fact]
    public async Task A_forged_or_unknown_reply_address_is_refused_and_publishes_nothing()
    {
        var (_, email) = await fixture.SendEmailAsync("ada.forged@example.org");
        var forged = ReplyToken.AddressOf("a-key-that-is-not-the-gateways-0123456789abcdef", ReplyFixture.ReplyDomain, "user-x", "c-x");
        // Signed with the right key, but no email was ever sent with it: no record names a participant.
        var unknown = ReplyToken.AddressOf(ReplyFixture.SigningKey, ReplyFixture.ReplyDomain, "user-never", "c-never");
        var forgedReply = ReplyFixture.ReplyTo(email, "ada.forged@example.org", "forged");
        var unknownReply = ReplyFixture.ReplyTo(email, "ada.forged@example.org", "unknown");

        var refused = await InboundPosts.RawAsync(fixture.Http, forgedReply, forged);
        var notFound = await InboundPosts.RawAsync(fixture.Http, unknownReply, unknown);
        var unauthorized = await InboundPosts.RawAsync(fixture.Http, forgedReply, forged, secret: "not-the-secret-0123456789abcdef0123456789");

        Assert.Equal("refused", await InboundPosts.OutcomeAsync(refused));
        Assert.Contains("signature", await refused.Content.ReadAsStringAsync());
        Assert.Equal("refused", await InboundPosts.OutcomeAsync(notFound));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == forgedReply.MessageId || r.InboundMessageId == unknownReply.MessageId);
    }

    [Fact]
    public async Task An_out_of_office_answer_to_the_reply_address_is_ignored()
    {
        var (_, email) = await fixture.SendEmailAsync("ada.away@example.org");
        var away = ReplyFixture.ReplyTo(email, "ada.away@example.org", "I am out of the office until Monday.");
        away.Headers.Add("Auto-Submitted", "auto-replied");

        var response = await InboundPosts.RawAsync(fixture.Http, away, email.ReplyTo.Mailboxes.Single().Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", await InboundPosts.OutcomeAsync(response));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == away.MessageId);
    }
}
