using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Gateway.EmailEvents;

/// <summary>
/// SendGrid's signed Event Webhook: <c>X-Twilio-Email-Event-Webhook-Signature</c> is the base64 of a DER ECDSA
/// signature (P-256, SHA-256) over the bytes of <c>X-Twilio-Email-Event-Webhook-Timestamp</c> followed by the raw body,
/// as SendGrid's own libraries check it. The signature does not expire, so the timestamp must be within
/// <see cref="MaxAge"/> of the gateway's clock: a captured request cannot be replayed later (one replayed sooner
/// publishes nothing twice, by its events' <c>sg_event_id</c>).
/// </summary>
public static class SendGridSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>SendGrid signs each post when it sends it; 5 minutes allows for clock skew and a slow network.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <returns>Why the request is refused, or null when SendGrid signed it just now.</returns>
    public static string? Problem(ECDsa key, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(timestamp) || !long.TryParse(timestamp.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return $"{TimestampHeader} is missing or not unix seconds.";
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > MaxAge.TotalSeconds)
            return $"{TimestampHeader} is more than {MaxAge.TotalMinutes:0} minutes away from the gateway's clock (a replayed or delayed request).";
        if (string.IsNullOrWhiteSpace(signature))
            return $"{SignatureHeader} is missing (enable the signed Event Webhook in SendGrid).";
        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return $"{SignatureHeader} is not base64.";
        }
        var prefix = Encoding.UTF8.GetBytes(timestamp.Trim());
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        bool valid;
        try
        {
            valid = key.VerifyData(signed, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            valid = false;
        }
        return valid ? null : $"{SignatureHeader} does not match the body and timestamp (check {SendGridWebhookOptions.PublicKeyKey}).";
    }

    /// <summary>Signs as SendGrid does (tests, and an operator's own check of the key pair).</summary>
    public static string Sign(ECDsa privateKey, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToBase64String(privateKey.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }
}
