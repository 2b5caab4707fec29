using Notifications.Contracts;
using Notifications.Delivery.Recording;

namespace Notifications.Delivery;

/// <summary>
/// The names a notification shows, with a fallback for the ones a platform left out (<c>"name": null</c>) and a
/// bound for the ones it made too long, so neither fails a send nor overflows a subject line or a lock screen.
/// </summary>
public static class DisplayNames
{
    /// <summary>A sender's name in a push or realtime title, an SMS prefix or an email (the router refuses longer ones).</summary>
    public const int MaxSenderNameLength = 100;

    /// <summary>An attachment's name as an email lists it.</summary>
    public const int MaxAttachmentNameLength = 255;

    /// <summary>The sender's name, or what they are (customer, agent, assistant) when it is missing.</summary>
    public static string SenderOf(MessageSender? sender) => SenderName(sender?.Name, sender?.Role);

    public static string SenderName(string? name, string? role) =>
        string.IsNullOrWhiteSpace(name)
            ? role switch
            {
                ParticipantRoles.Agent => "Agent",
                ParticipantRoles.Bot => "Assistant",
                _ => "Customer",
            }
            : NotificationText.Shorten(name.Trim(), MaxSenderNameLength);

    /// <summary>The attachment's name, or the last segment of its URL, or "attachment".</summary>
    public static string AttachmentName(Attachment attachment)
    {
        if (!string.IsNullOrWhiteSpace(attachment.Name))
            return NotificationText.Shorten(attachment.Name.Trim(), MaxAttachmentNameLength);
        var fromUrl = Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url)
            ? Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? "").Trim('/')
            : "";
        return string.IsNullOrWhiteSpace(fromUrl) ? "attachment" : NotificationText.Shorten(fromUrl, MaxAttachmentNameLength);
    }

    /// <summary>The attachments with every name present and bounded; null entries dropped.</summary>
    public static IReadOnlyList<Attachment> Named(IEnumerable<Attachment?>? attachments) =>
        (attachments ?? []).OfType<Attachment>().Select(attachment => attachment with { Name = AttachmentName(attachment) }).ToList();
}
