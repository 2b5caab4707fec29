namespace Notifications.Router.Routing;

/// <summary>The deterministic notification id of the spec: message id + recipient + channel.</summary>
public static class NotificationIds
{
    public static string For(string messageId, string recipientId, string channel) => $"{messageId}:{recipientId}:{channel}";
}
