using System.ComponentModel.DataAnnotations;

namespace Notifications.Signing;

/// <summary>
/// The unsubscribe keys of the <c>Email</c> section, read by the email sender (which writes the links into users'
/// emails) and by the gateway (which serves them): <c>Email:PublicBaseUrl</c>, <c>Email:UnsubscribeSigningKey</c>,
/// <c>Email:UnsubscribeMailbox</c>. Without a base URL and a key, emails carry no <c>List-Unsubscribe</c>.
/// </summary>
public sealed class UnsubscribeOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>The gateway's public base URL (https), under which <c>/unsubscribe/{token}</c> is served.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The HMAC key of the links' tokens (secret; at least <see cref="UnsubscribeToken.MinKeyLength"/> characters), the same on the email sender and the gateway.</summary>
    public string? UnsubscribeSigningKey { get; set; }

    /// <summary>The mailbox of <c>List-Unsubscribe</c>'s <c>mailto:</c> (for mail programs that only offer that); unset: the https link alone.</summary>
    public string? UnsubscribeMailbox { get; set; }

    /// <summary>True when both the base URL and the key are set: the links can be made and checked.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(PublicBaseUrl) && !string.IsNullOrEmpty(UnsubscribeSigningKey);

    public const string Path = "/unsubscribe";

    /// <summary>The https link of one participant's channel.</summary>
    public string LinkFor(string participantId, string channel) =>
        $"{PublicBaseUrl!.TrimEnd('/')}{Path}/{UnsubscribeToken.Create(UnsubscribeSigningKey!, participantId, channel)}";

    /// <summary>The mailto of one participant's channel, or null without a mailbox: the token rides in the subject.</summary>
    public string? MailtoFor(string participantId, string channel) =>
        string.IsNullOrWhiteSpace(UnsubscribeMailbox) ? null
            : $"mailto:{UnsubscribeMailbox.Trim()}?subject=unsubscribe%20{UnsubscribeToken.Create(UnsubscribeSigningKey!, participantId, channel)}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))))
            yield return new ValidationResult($"Email:PublicBaseUrl must be an absolute https URL (http only for a loopback host); was '{PublicBaseUrl}'.");
        if (!string.IsNullOrEmpty(UnsubscribeSigningKey) && UnsubscribeSigningKey.Length < UnsubscribeToken.MinKeyLength)
            yield return new ValidationResult($"Email:UnsubscribeSigningKey must be at least {UnsubscribeToken.MinKeyLength} characters (openssl rand -hex 32).");
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && string.IsNullOrEmpty(UnsubscribeSigningKey))
            yield return new ValidationResult("Email:UnsubscribeSigningKey is required when Email:PublicBaseUrl is set (the unsubscribe links are signed with it).");
        if (UnsubscribeMailbox is { } mailbox && (mailbox.Any(char.IsControl) || mailbox.Contains('?') || !mailbox.Contains('@')))
            yield return new ValidationResult("Email:UnsubscribeMailbox must be one email address.");
    }
}
