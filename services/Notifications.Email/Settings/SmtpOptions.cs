using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Notifications.Email.Settings;

/// <summary>The <c>Email:Smtp</c> section: where and how to reach the SMTP server.</summary>
public sealed class SmtpOptions
{
    /// <summary><c>Email:Smtp:Host</c>; unset means no SMTP (pickup directory).</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    /// <summary>
    /// <c>None</c>, <c>SslOnConnect</c> or <c>StartTls</c>. Kept as text (not an enum) so that a wrong value
    /// fails validation with a message naming the key, instead of a binder error.
    /// </summary>
    public string Security { get; set; } = nameof(SecureSocketOptions.StartTls);

    public string? Username { get; set; }

    /// <summary>Secret: never logged, never part of an error message.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// <c>Email:Smtp:TrustedCertificateSha256</c>: the SHA-256 fingerprint (hex) of a server certificate to trust
    /// although no public CA signed it, such as an internal relay's self-signed one. Only that exact certificate
    /// is accepted in addition to normally valid ones; validation is never switched off.
    /// </summary>
    [RegularExpression("^[0-9A-Fa-f]{64}$", ErrorMessage = "Email:Smtp:TrustedCertificateSha256 must be a SHA-256 fingerprint: 64 hexadecimal characters.")]
    public string? TrustedCertificateSha256 { get; set; }

    /// <summary>Connections kept open and reused per service instance.</summary>
    [Range(1, 64, ErrorMessage = "Email:Smtp:MaxConnections must be between 1 and 64.")]
    public int MaxConnections { get; set; } = 4;

    /// <summary>Pooled connections idle longer than this are reopened, as servers drop idle clients.</summary>
    [Range(1, 3600, ErrorMessage = "Email:Smtp:IdleTimeoutSeconds must be between 1 and 3600.")]
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of each SMTP command, so a hung server cannot hold a consumer forever.</summary>
    [Range(1, 600, ErrorMessage = "Email:Smtp:TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>A copy of every value (all are immutable types), so a new key is never left behind.</summary>
    public SmtpOptions Copy() => (SmtpOptions)MemberwiseClone();

    /// <summary>The accepted <see cref="Security"/> values and what MailKit does for each.</summary>
    public static readonly IReadOnlyDictionary<string, SecureSocketOptions> SecurityModes =
        new Dictionary<string, SecureSocketOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["None"] = SecureSocketOptions.None,
            ["SslOnConnect"] = SecureSocketOptions.SslOnConnect,
            ["StartTls"] = SecureSocketOptions.StartTls,
        };

    /// <summary>The MailKit mode for <see cref="Security"/>; validation guarantees it is known.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SecureSocketOptions SecureSocketOptions => SecurityModes[Security.Trim()];
}
