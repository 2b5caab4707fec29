using System.ComponentModel.DataAnnotations;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>Email:Inbound:*</c>: the raw-MIME form of <c>POST /email/inbound</c>, as an MTA pipe posts it.
/// Without <see cref="SharedSecret"/> the endpoint refuses every request.
/// </summary>
public sealed class InboundMailOptions : IValidatableObject
{
    public const string Section = "Email:Inbound";
    public const string SharedSecretKey = Section + ":SharedSecret";

    /// <summary>The secret the MTA sends in <c>X-Inbound-Secret</c> (at least 32 characters).</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Larger mail is refused before it is read (a DSN quotes the email it reports, attachments included).</summary>
    [Range(1024, 100 * 1024 * 1024, ErrorMessage = "Email:Inbound:MaxBodyBytes must be between 1024 and 104857600.")]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrEmpty(SharedSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SharedSecret) && SharedSecret.Length < 32)
            yield return new ValidationResult($"{SharedSecretKey} must be at least 32 characters (openssl rand -hex 32).");
    }
}
