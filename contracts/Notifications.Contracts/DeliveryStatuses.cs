namespace Notifications.Contracts;

/// <summary>The <c>status</c> values of <see cref="NotificationDelivered"/>.</summary>
public static class DeliveryStatuses
{
    public const string Accepted = "accepted";
    public const string Delivered = "delivered";
}
