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
        var (command, _, reply, replyAddress) = await fixture.AnsweredEmailAsync("ada.sendgrid@example.org", "Please send the label again.");

        var first = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress);
        var retried = await InboundPosts.SendGridAsync(fixture.Http, reply, replyAddress);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("published", await InboundPosts.OutcomeAsync(first));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var published = await fixture.PublishedOnceAsync(reply);
        Assert.Equal(command.Message.ConversationId, published.ConversationId);
        Assert.Equal("Please send the label again.", published.Text);
        Assert.True(published.SenderVerified);
    }

    [Fact]
    public async Task Wrong_or_missing_Basic_credentials_are_refused_401_and_publish_nothing()
    {
        var (_, _, reply, replyAddress) = await fixture.AnsweredEmailAsync("ada.sendgrid.forged@example.org", "forged");

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
