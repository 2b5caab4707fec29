using MimeKit;

namespace Notifications.Email.Transport;

/// <summary>A composed email and the ids a transport needs for naming and logging (never the address).</summary>
public sealed record OutgoingEmail(string NotificationId, string RecipientId, MimeMessage Message);
