using System.ComponentModel.DataAnnotations;

namespace Notifications.Signing;

/// <summary>
/// The reply-domain keys of the <c>Email</c> section, read by the email sender (which writes the per-conversation
/// <c>Reply-To</c> and the VERP bounce address into each email) and by the gateway (which accepts the mail that comes
/// back to them): <c>Email:ReplyDomain</c> and <c>Email:ReplySigningKey</c>. Without a domain, emails carry no
/// <c>Reply-To</c>, their envelope sender is <c>Email:From</c>, and the gateway refuses inbound mail.
/// </summary>
public sealed class ReplyDomainOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>The domain whose MX receives replies and bounces (for example <c>reply.example.com</c>), routed to the gateway's <c>/email/inbound</c>.</summary>
    public string? ReplyDomain { get; set; }

    /// <summary>
    /// The HMAC key of the reply and bounce addresses' tokens (secret; at least <see cref="UnsubscribeToken.MinKeyLength"/>
    /// characters), the same on the email sender and the gateway. Each address kind signs with its own purpose string,
    /// so a token of one kind is never valid as the other.
    /// </summary>
    public string? ReplySigningKey { get; set; }

    /// <summary>True when both the domain and the key are set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ReplyDomain) && !string.IsNullOrEmpty(ReplySigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ReplyDomain)
            && (Uri.CheckHostName(ReplyDomain.Trim()) != UriHostNameType.Dns || !ReplyDomain.Contains('.')))
            yield return new ValidationResult($"Email:ReplyDomain must be a domain name such as reply.example.com; was '{ReplyDomain}'.");
        if (!string.IsNullOrEmpty(ReplySigningKey) && ReplySigningKey.Length < UnsubscribeToken.MinKeyLength)
            yield return new ValidationResult($"Email:ReplySigningKey must be at least {UnsubscribeToken.MinKeyLength} characters (openssl rand -hex 32).");
        if (!string.IsNullOrWhiteSpace(ReplyDomain) && string.IsNullOrEmpty(ReplySigningKey))
            yield return new ValidationResult("Email:ReplySigningKey is required when Email:ReplyDomain is set (the reply and bounce addresses are signed with it).");
    }
}
