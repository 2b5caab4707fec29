using Notifications.Signing;

namespace Notifications.Email.Settings;

/// <summary>
/// The <c>Email</c> configuration section. Key names are the operators' contract
/// (<c>shared/spec/configuration.md</c>): do not rename them.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender used when no SMTP host is configured, so local runs work without settings.</summary>
    public const string LocalFrom = "notifications@localhost";

    /// <summary><c>Email:Smtp:*</c>. No host means emails are written to <see cref="PickupDirectory"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary><c>Email:From</c>: required when an SMTP host is set.</summary>
    public string? From { get; set; }

    /// <summary><c>Email:FromName</c>: display name of the sender mailbox.</summary>
    public string? FromName { get; set; }

    /// <summary><c>Email:PickupDirectory</c>: relative paths are resolved against the working directory.</summary>
    public string PickupDirectory { get; set; } = Path.Combine("var", "mail-pickup");

    /// <summary><c>Email:AdminBaseUrl</c>: base of <c>{conversation_link}</c>; unset leaves the link empty.</summary>
    public string? AdminBaseUrl { get; set; }

    /// <summary>
    /// <c>Email:CancelIfOnline</c>: drop a per-message email that was decided because the recipient was offline
    /// (A3, A4, U1) when they are online by the time it would be sent (a backlog, retries): they read it in the chat.
    /// </summary>
    public bool CancelIfOnline { get; set; } = true;

    /// <summary><c>Email:PublicBaseUrl</c>: the gateway's public base of the one-click unsubscribe links; unset: users' emails carry no <c>List-Unsubscribe</c>.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary><c>Email:UnsubscribeSigningKey</c>: the HMAC key of the unsubscribe links (secret), the same on the gateway.</summary>
    public string? UnsubscribeSigningKey { get; set; }

    /// <summary><c>Email:UnsubscribeMailbox</c>: the mailbox of <c>List-Unsubscribe</c>'s mailto; unset: the https link alone.</summary>
    public string? UnsubscribeMailbox { get; set; }

    /// <summary>The unsubscribe keys as the gateway reads them, for making the links.</summary>
    public UnsubscribeOptions Unsubscribe => new() { PublicBaseUrl = PublicBaseUrl, UnsubscribeSigningKey = UnsubscribeSigningKey, UnsubscribeMailbox = UnsubscribeMailbox };

    /// <summary><c>Email:Dkim:*</c>: sign emails with DKIM here instead of at the relay.</summary>
    public DkimOptions Dkim { get; set; } = new();

    /// <summary><c>Email:Digest:*</c>: digest mode.</summary>
    public DigestOptions Digest { get; set; } = new();

    /// <summary>True when emails go to an SMTP server rather than to the pickup directory.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The sender address actually used.</summary>
    public string EffectiveFrom => string.IsNullOrWhiteSpace(From) ? LocalFrom : From.Trim();

    /// <summary>A deep copy: every value, including ones added later, with sections of its own.</summary>
    public EmailOptions Copy()
    {
        var copy = (EmailOptions)MemberwiseClone();
        copy.Smtp = Smtp.Copy();
        copy.Digest = Digest.Copy();
        copy.Dkim = Dkim.Copy();
        return copy;
    }

    /// <summary>The pickup directory as an absolute path.</summary>
    public string PickupDirectoryFullPath => Path.GetFullPath(PickupDirectory);
}
