using System.Collections.Concurrent;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Notifications.Email.Settings;

namespace Notifications.Email.Composition;

/// <summary>
/// Signs an email with DKIM when <c>Email:Dkim:*</c> is set. The headers signed are those a receiver shows or acts on:
/// the unsubscribe ones (RFC 8058 accepts a one-click unsubscribe only under a signature over both) and
/// <c>Reply-To</c> (where an answer goes: unsigned, a relay could send the answers elsewhere). Listing a header the
/// email lacks (an agent's has no <c>List-Unsubscribe</c>, a digest no <c>Reply-To</c>) signs its absence, so none can
/// be added on the way. The body is fixed to 7-bit first, so the relay never re-encodes what was signed.
/// Signing is the last step before the transport: a signed header set afterwards would break the signature, and one
/// added afterwards would go unsigned (<c>Return-Path</c> and <c>X-SMTPAPI</c> are set before too, and left unsigned
/// on purpose: the receiving server rewrites the one, SendGrid strips the other).
/// </summary>
public static class DkimSigning
{
    private static readonly string[] SignedHeaders =
    [
        "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        EmailComposer.ListUnsubscribeHeader, EmailComposer.ListUnsubscribePostHeader,
    ];

    // Parsing the key once per key, not per email; a changed key (run-time settings) gets its own signer.
    private static readonly ConcurrentDictionary<(string Domain, string Selector, string Key), DkimSigner> Signers = new();

    /// <summary>Call once every header is set: the composer's, the bounce address's and the reply address's.</summary>
    public static void SignIfConfigured(MimeMessage message, DkimOptions dkim)
    {
        if (!dkim.Configured)
            return;
        message.Prepare(EncodingConstraint.SevenBit);
        SignerFor(dkim).Sign(message, SignedHeaders);
    }

    /// <summary>Why the section cannot sign (naming the key, never quoting the key material), or null when it can.</summary>
    public static string? Problem(DkimOptions dkim)
    {
        if (!dkim.Configured)
            return null;
        if (string.IsNullOrWhiteSpace(dkim.Domain) || string.IsNullOrWhiteSpace(dkim.Selector))
            return "Email:Dkim:Domain and Email:Dkim:Selector are both required when any Email:Dkim key is set.";
        if (string.IsNullOrWhiteSpace(dkim.PrivateKeyPath) == string.IsNullOrWhiteSpace(dkim.PrivateKeyPem))
            return "Set exactly one of Email:Dkim:PrivateKeyPath and Email:Dkim:PrivateKeyPem.";
        try
        {
            SignerFor(dkim);
            return null;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException
            or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.OpenSsl.PemException)
        {
            return string.IsNullOrWhiteSpace(dkim.PrivateKeyPath)
                ? $"Email:Dkim:PrivateKeyPem is not a PEM RSA private key ({failure.GetType().Name})."
                : $"Email:Dkim:PrivateKeyPath '{dkim.PrivateKeyPath}' could not be read as a PEM RSA private key ({failure.GetType().Name}).";
        }
    }

    private static DkimSigner SignerFor(DkimOptions dkim)
    {
        var pem = string.IsNullOrWhiteSpace(dkim.PrivateKeyPem) ? File.ReadAllText(dkim.PrivateKeyPath!) : dkim.PrivateKeyPem;
        return Signers.GetOrAdd((dkim.Domain!.Trim(), dkim.Selector!.Trim(), pem), key =>
        {
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(key.Key));
            return new DkimSigner(stream, key.Domain, key.Selector, DkimSignatureAlgorithm.RsaSha256)
            {
                // Relaxed survives the folding and whitespace changes relays make; simple breaks on them.
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        });
    }
}
