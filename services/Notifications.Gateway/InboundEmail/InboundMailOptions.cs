using System.ComponentModel.DataAnnotations;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>Email:Inbound:*</c>: the three forms of inbound mail. The raw form (an MTA pipe) needs <see cref="SharedSecret"/>,
/// SendGrid Inbound Parse <see cref="SendGrid"/>'s credentials, Mailgun routes <see cref="Mailgun"/>'s signing key;
/// a form whose keys are unset refuses every request.
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

    /// <summary>
    /// An attachment of a reply up to this size (decoded) is carried in <c>EmailReplyReceived</c>; a larger one is listed
    /// with no content. The event goes through the broker and the webhooks: keep it small. 0 lists every attachment only.
    /// </summary>
    [Range(0, 25 * 1024 * 1024, ErrorMessage = "Email:Inbound:MaxAttachmentBytes must be between 0 and 26214400.")]
    public int MaxAttachmentBytes { get; set; } = 1024 * 1024;

    public SendGridInboundOptions SendGrid { get; set; } = new();

    public MailgunInboundOptions Mailgun { get; set; } = new();

    public bool Enabled => !string.IsNullOrEmpty(SharedSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SharedSecret) && SharedSecret.Length < 32)
            yield return new ValidationResult($"{SharedSecretKey} must be at least 32 characters (openssl rand -hex 32).");
        if (string.IsNullOrEmpty(SendGrid.Username) != string.IsNullOrEmpty(SendGrid.Password))
            yield return new ValidationResult($"Set both {SendGridInboundOptions.UsernameKey} and {SendGridInboundOptions.PasswordKey}, or neither.");
        if (!string.IsNullOrEmpty(SendGrid.Password) && SendGrid.Password.Length < 32)
            yield return new ValidationResult($"{SendGridInboundOptions.PasswordKey} must be at least 32 characters (openssl rand -hex 32).");
        if (SendGrid.Username?.Contains(':') == true)
            yield return new ValidationResult($"{SendGridInboundOptions.UsernameKey} cannot hold ':' (it is the user of a Basic credential).");
    }
}

/// <summary>
/// <c>Email:Inbound:SendGrid:*</c>: the Basic credentials written into the Inbound Parse URL
/// (<c>https://{Username}:{Password}@gateway/email/inbound/sendgrid</c>); SendGrid sends them in <c>Authorization</c>.
/// </summary>
public sealed class SendGridInboundOptions
{
    public const string UsernameKey = InboundMailOptions.Section + ":SendGrid:Username";
    public const string PasswordKey = InboundMailOptions.Section + ":SendGrid:Password";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}

/// <summary><c>Email:Inbound:Mailgun:*</c>: the key Mailgun signs each forwarded mail with (the account's HTTP webhook signing key).</summary>
public sealed class MailgunInboundOptions
{
    public const string SigningKeyKey = InboundMailOptions.Section + ":Mailgun:SigningKey";

    public string? SigningKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(SigningKey);
}
