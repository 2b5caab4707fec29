using System.Net;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>SendGrid Inbound Parse ("POST the raw, full MIME message", Basic credentials in the URL) into the real gateway.</summary>
[Collection(ReplyCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SendGridReplyTests(ReplyFixture fixture)
{
    [Fact]
    public async Task A_reply_posted_by_Inbound_Parse_is_published_once_however_often_SendGrid_posts_it()
    {
        var (command, email) = await fixture.SendEmailAsync("ada.sendgrid@example.org");
        var reply = ReplyFixture.ReplyTo(email, "ada.sendgrid@example.org", "Please send the label again.");
        var replyAddress = email.ReplyTo.Mailboxes.Single().Address;

        var first = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress);
        var retried = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("published", await InboundPosts.OutcomeAsync(first));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await Eventually.TrueAsync(() => fixture.Outcomes.EmailReplies.Any(r => r.InboundMessageId == reply.MessageId), "EmailReplyReceived");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var published = Assert.Single(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == reply.MessageId);
        Assert.Equal(command.Message.ConversationId, published.ConversationId);
        Assert.Equal("Please send the label again.", published.Text);
        Assert.True(published.SenderVerified);
    }

    [Fact]
    public async Task Wrong_or_missing_Basic_credentials_are_refused_401_and_publish_nothing()
    {
        var (_, email) = await fixture.SendEmailAsync("ada.sendgrid.forged@example.org");
        var reply = ReplyFixture.ReplyTo(email, "ada.sendgrid.forged@example.org", "forged");
        var replyAddress = email.ReplyTo.Mailboxes.Single().Address;

        var wrong = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress, password: "not-the-password-0123456789abcdef0123");
        var noUser = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress, user: "someone-else");
        using var bare = new MultipartFormDataContent { { new StringContent("x"), "email" } };
        var none = await fixture.Http.PostAsync(Gateway.InboundEmail.SendGridInboundParse.Path, bare);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(fixture.Outcomes.EmailReplies, r => r.InboundMessageId == reply.MessageId);
    }
}
