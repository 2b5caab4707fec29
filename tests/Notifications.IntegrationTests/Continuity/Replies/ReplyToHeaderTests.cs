using Notifications.IntegrationTests.Infrastructure;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>The emails the real email sender puts on the wire carry the signed reply address of their recipient and conversation.</summary>
[Collection(ReplyCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ReplyToHeaderTests(ReplyFixture fixture)
{
    [Fact]
    public async Task Every_email_of_a_conversation_to_one_recipient_carries_the_same_signed_reply_address_and_another_conversation_another()
    {
        var (first, firstEmail) = await fixture.SendEmailAsync("ada.reply@example.org");
        var (_, secondEmail) = await fixture.SendEmailAsync("ada.reply@example.org", first.Recipient.Id, first.Message.ConversationId);
        var (_, otherEmail) = await fixture.SendEmailAsync("ada.reply@example.org", first.Recipient.Id);

        var replyTo = Assert.Single(firstEmail.ReplyTo.Mailboxes).Address;
        Assert.Matches($"^reply\\+[a-z2-7]{{{ReplyToken.Length}}}@{ReplyFixture.ReplyDomain.Replace(".", "\\.")}$", replyTo);
        Assert.Equal(ReplyToken.HandleOf(first.Recipient.Id, first.Message.ConversationId),
            ReplyToken.Read(ReplyFixture.SigningKey, ReplyToken.TokenOfAddress(replyTo), out _, out _));
        Assert.Equal(replyTo, Assert.Single(secondEmail.ReplyTo.Mailboxes).Address);
        Assert.NotEqual(replyTo, Assert.Single(otherEmail.ReplyTo.Mailboxes).Address);
        // The bounce address is another one: a reply never lands on the DSN reader.
        Assert.NotEqual(replyTo, firstEmail.Headers["Return-Path"]?.Trim('<', '>'));
    }
}
