using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;
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

    [Fact]
    public async Task The_DKIM_signature_covers_the_reply_address_and_verifies_as_received()
    {
        var (_, email) = await fixture.SendEmailAsync("ada.dkim@example.org");

        Assert.Single(email.ReplyTo.Mailboxes);
        var signature = Assert.Single(email.Headers, header => header.Id == HeaderId.DkimSignature);
        var signed = signature.Value.Split(';').Select(tag => tag.Trim()).Single(tag => tag.StartsWith("h=", StringComparison.Ordinal))[2..]
            .ToLowerInvariant().Replace(" ", "").Split(':');
        Assert.Contains("reply-to", signed);
        var verifier = new DkimVerifier(new SingleKeyLocator(fixture.DkimKey));
        Assert.True(verifier.Verify(email, signature));

        // A relay that swapped the reply address (to read the answers) breaks the signature.
        email.ReplyTo.Clear();
        email.ReplyTo.Add(MailboxAddress.Parse("reply+someone-else@attacker.example"));
        Assert.False(verifier.Verify(email, signature));
    }

    /// <summary>The DNS TXT record of the fixture's key, as a receiver would look it up.</summary>
    private sealed class SingleKeyLocator(RSA rsa) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey($"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
