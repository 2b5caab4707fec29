using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Signing;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

/// <summary>RFC 8058 headers on users' emails only, and the DKIM signature over them when <c>Email:Dkim:*</c> is set.</summary>
public class UnsubscribeAndDkimTests
{
    private const string Key = "unit-test-unsubscribe-key-0123456789abcdef";

    private static EmailOptions Options(DkimOptions? dkim = null) => new()
    {
        From = "support@example.com",
        PublicBaseUrl = "https://help.example.com/",
        UnsubscribeSigningKey = Key,
        UnsubscribeMailbox = "unsubscribe@example.com",
        Dkim = dkim ?? new DkimOptions(),
    };

    [Fact]
    public void A_users_email_carries_a_signed_https_link_a_mailto_and_the_one_click_header()
    {
        var command = Commands.ToUser();
        var message = new EmailComposer(OptionsFactory.Create(Options())).Compose(command);

        var token = UnsubscribeToken.Create(Key, command.Recipient.Id, "email");
        Assert.Equal($"<https://help.example.com/unsubscribe/{token}>, <mailto:unsubscribe@example.com?subject=unsubscribe%20{token}>",
            message.Headers[EmailComposer.ListUnsubscribeHeader]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers[EmailComposer.ListUnsubscribePostHeader]);
        Assert.Equal((command.Recipient.Id, "email"), UnsubscribeToken.Read(Key, token, out _, out _));
    }

    [Fact]
    public void An_agents_email_and_a_system_without_a_public_base_carry_none()
    {
        var agent = new EmailComposer(OptionsFactory.Create(Options())).Compose(Commands.ToAgent());
        var unconfigured = new EmailComposer(OptionsFactory.Create(new EmailOptions { From = "support@example.com" })).Compose(Commands.ToUser());

        foreach (var message in new[] { agent, unconfigured })
        {
            Assert.Null(message.Headers[EmailComposer.ListUnsubscribeHeader]);
            Assert.Null(message.Headers[EmailComposer.ListUnsubscribePostHeader]);
        }
    }

    [Fact]
    public void A_token_changed_in_any_part_or_made_with_another_key_is_refused()
    {
        var token = UnsubscribeToken.Create(Key, "user-1", "email");
        var parts = token.Split('.');

        Assert.Null(UnsubscribeToken.Read("another-key-0123456789-0123456789-abc", token, out var forged, out _));
        Assert.True(forged);
        Assert.Null(UnsubscribeToken.Read(Key, $"{parts[0]}.sms.{parts[2]}", out forged, out _));
        Assert.True(forged);
        Assert.Null(UnsubscribeToken.Read(Key, $"{parts[0]}.{parts[1]}", out forged, out var problem));
        Assert.False(forged);
        Assert.Contains("not a whole unsubscribe link", problem);
        Assert.Null(UnsubscribeToken.Read(Key, "%%%.email.%%%", out _, out _));
    }

    [Fact]
    public void With_Dkim_set_the_email_is_signed_over_both_unsubscribe_headers_and_verifies_after_transport()
    {
        using var rsa = RSA.Create(2048);
        var dkim = new DkimOptions { Domain = "example.com", Selector = "notify", PrivateKeyPem = rsa.ExportRSAPrivateKeyPem() };
        Assert.Null(DkimSigning.Problem(dkim));
        var composed = new EmailComposer(OptionsFactory.Create(Options(dkim))).Compose(Commands.ToUser());
        DkimSigning.SignIfConfigured(composed, dkim);

        var received = AsReceived(composed);

        var signature = received.Headers.Single(header => header.Id == HeaderId.DkimSignature);
        Assert.Contains("d=example.com", signature.Value);
        Assert.Contains("s=notify", signature.Value);
        var signed = signature.Value.Split(';').Select(tag => tag.Trim()).Single(tag => tag.StartsWith("h=")).ToLowerInvariant();
        Assert.Contains("list-unsubscribe:", signed);
        Assert.Contains("list-unsubscribe-post", signed);
        var verifier = new DkimVerifier(new SingleKeyLocator(rsa));
        Assert.True(verifier.Verify(received, signature));

        // A relay that changed the unsubscribe link breaks the signature.
        received.Headers[EmailComposer.ListUnsubscribeHeader] = "<https://elsewhere.example.net/unsubscribe/x>";
        Assert.False(verifier.Verify(received, signature));
    }

    [Fact]
    public void The_signature_covers_a_Reply_To_set_before_it_and_the_absence_of_one()
    {
        using var rsa = RSA.Create(2048);
        var dkim = new DkimOptions { Domain = "example.com", Selector = "notify", PrivateKeyPem = rsa.ExportRSAPrivateKeyPem() };
        var composer = new EmailComposer(OptionsFactory.Create(Options(dkim)));
        var verifier = new DkimVerifier(new SingleKeyLocator(rsa));

        // Composed unsigned: the sender still adds its bounce and reply addresses.
        var withReplyTo = composer.Compose(Commands.ToAgent());
        Assert.DoesNotContain(withReplyTo.Headers, header => header.Id == HeaderId.DkimSignature);
        withReplyTo.ReplyTo.Add(new MailboxAddress("", "reply+abc@reply.example.com"));
        DkimSigning.SignIfConfigured(withReplyTo, dkim);
        var received = AsReceived(withReplyTo);
        var signature = received.Headers.Single(header => header.Id == HeaderId.DkimSignature);
        Assert.Contains("reply-to", SignedHeaderNames(signature));
        Assert.True(verifier.Verify(received, signature));
        received.ReplyTo.Clear();
        received.ReplyTo.Add(new MailboxAddress("", "reply+abc@elsewhere.example.net"));
        Assert.False(verifier.Verify(received, signature));

        // An email without one (a digest): a Reply-To added on the way breaks the signature.
        var without = composer.Compose(Commands.ToAgent());
        DkimSigning.SignIfConfigured(without, dkim);
        var receivedWithout = AsReceived(without);
        var itsSignature = receivedWithout.Headers.Single(header => header.Id == HeaderId.DkimSignature);
        Assert.True(verifier.Verify(receivedWithout, itsSignature));
        receivedWithout.ReplyTo.Add(new MailboxAddress("", "someone@elsewhere.example.net"));
        Assert.False(verifier.Verify(receivedWithout, itsSignature));
    }

    /// <summary>What the SMTP server receives: the message as written to the wire, parsed again.</summary>
    private static MimeMessage AsReceived(MimeMessage message)
    {
        using var wire = new MemoryStream();
        message.WriteTo(wire);
        wire.Position = 0;
        return MimeMessage.Load(wire);
    }

    private static string[] SignedHeaderNames(Header signature) =>
        signature.Value.Split(';').Select(tag => tag.Trim()).Single(tag => tag.StartsWith("h=", StringComparison.Ordinal))[2..]
            .ToLowerInvariant().Replace(" ", "").Split(':');

    [Fact]
    public void An_incomplete_or_unreadable_Dkim_section_is_named()
    {
        Assert.Contains("Email:Dkim:Domain and Email:Dkim:Selector", DkimSigning.Problem(new DkimOptions { Domain = "example.com" }));
        Assert.Contains("exactly one of", DkimSigning.Problem(new DkimOptions { Domain = "example.com", Selector = "s" }));
        var problem = DkimSigning.Problem(new DkimOptions { Domain = "example.com", Selector = "s", PrivateKeyPem = "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----" });
        Assert.Contains("Email:Dkim:PrivateKeyPem is not a PEM RSA private key", problem);
        Assert.DoesNotContain("not a key", problem);
        Assert.Contains("could not be read", DkimSigning.Problem(new DkimOptions { Domain = "example.com", Selector = "s", PrivateKeyPath = "/nonexistent/dkim.pem" }));
    }

    /// <summary>The DNS TXT record of the test key, as a receiver would look it up.</summary>
    private sealed class SingleKeyLocator(RSA rsa) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey($"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
