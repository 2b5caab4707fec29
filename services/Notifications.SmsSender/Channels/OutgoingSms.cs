namespace Notifications.SmsSender.Channels;

/// <summary>One SMS ready for a channel: the recipient's E.164 number, the sender and the final text.</summary>
public sealed record OutgoingSms(string NotificationId, string To, string? From, string Body);
