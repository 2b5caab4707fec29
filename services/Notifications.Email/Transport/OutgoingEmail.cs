using MimeKit;

namespace Notifications.Email.Transport;

/// <summary>A composed email and the ids a transport needs for naming and logging (never the address).</summary>
public sealed record OutgoingEmail(string NotificationId, string RecipientId, MimeMessage Message)
{
    /// <summary>
    /// The SMTP envelope sender (MAIL FROM), where bounces go: the VERP bounce address set by <see cref="BounceEnvelope"/>.
    /// Null: the server is given the message's From, as MailKit does by default.
    /// </summary>
    public MailboxAddress? EnvelopeSender { get; init; }
}
