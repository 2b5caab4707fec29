using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace Notifications.Gateway.EmailEvents;

/// <summary>
/// <c>Email:SendGrid:WebhookPublicKey</c>: the verification key SendGrid shows for a signed Event Webhook (Settings,
/// Mail Settings, Event Webhook, "Enable Signed Event Webhook"), pasted as shown: base64 of the DER
/// SubjectPublicKeyInfo of an ECDSA P-256 key (a PEM block is accepted too). Unset: <c>POST /email/events/sendgrid</c>
/// refuses every request, since an unsigned event webhook would let anyone mark an address bad.
/// </summary>
public sealed class SendGridWebhookOptions : IValidatableObject
{
    public const string Section = "Email:SendGrid";
    public const string PublicKeyKey = Section + ":WebhookPublicKey";

    public string? WebhookPublicKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookPublicKey);

    /// <summary>The key as an ECDsa; throws <see cref="FormatException"/> or <see cref="CryptographicException"/> when it is not one.</summary>
    public ECDsa CreateKey() => ParseKey(WebhookPublicKey!);

    public static ECDsa ParseKey(string text)
    {
        var base64 = string.Concat(text.Split('\n').Select(line => line.Trim()).Where(line => !line.StartsWith("-----", StringComparison.Ordinal)));
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64), out _);
            if (key.KeySize != 256)
                throw new CryptographicException("not a P-256 key");
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
            yield break;
        string? problem = null;
        try
        {
            using var _ = CreateKey();
        }
        catch (Exception failure) when (failure is FormatException or CryptographicException)
        {
            problem = $"{PublicKeyKey} must be the verification key SendGrid shows for the signed Event Webhook (base64 of an ECDSA P-256 public key).";
        }
        if (problem is not null)
            yield return new ValidationResult(problem);
    }
}
