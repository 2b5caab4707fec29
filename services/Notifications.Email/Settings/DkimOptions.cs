namespace Notifications.Email.Settings;

/// <summary>
/// <c>Email:Dkim:*</c>: when set, the email sender signs every email with DKIM itself (MimeKit's <c>DkimSigner</c>),
/// covering <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> as RFC 8058 asks. Unset: the relay must sign
/// (docs/email.md). The public key goes in DNS as <c>{Selector}._domainkey.{Domain}</c>.
/// </summary>
public sealed class DkimOptions
{
    /// <summary><c>Email:Dkim:Domain</c>: the signing domain (<c>d=</c>), normally the domain of <c>Email:From</c>.</summary>
    public string? Domain { get; set; }

    /// <summary><c>Email:Dkim:Selector</c>: the key's selector (<c>s=</c>).</summary>
    public string? Selector { get; set; }

    /// <summary><c>Email:Dkim:PrivateKeyPath</c>: a PEM file with the RSA private key (a mounted secret).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary><c>Email:Dkim:PrivateKeyPem</c>: the same key as PEM text (secret), instead of a file.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>True when any key is set: the section must then be whole.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector)
        || !string.IsNullOrWhiteSpace(PrivateKeyPath) || !string.IsNullOrWhiteSpace(PrivateKeyPem);

    public DkimOptions Copy() => (DkimOptions)MemberwiseClone();
}
