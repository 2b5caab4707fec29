using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.PushSender.Settings;
using Notifications.Delivery.Recording;

namespace Notifications.PushSender.Providers;

/// <summary>
/// Stands in for the providers when none is configured (development, demos): each push becomes a JSON file
/// named after its notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class PushRecordDirectory(IOptions<PushOptions> options)
{
    public const string ProviderName = "push-record-directory";

    public async Task SendAsync(PushNotification notification, IReadOnlyList<PushDevice> devices, CancellationToken cancellationToken)
    {
        var record = new
        {
            notificationId = notification.NotificationId,
            recipientId = notification.RecipientId,
            devices,
            title = notification.Title,
            body = notification.Body,
            data = notification.Data,
            recordedAt = DateTimeOffset.UtcNow,
        };
        await RecordFiles.WriteAsync(options.Value.RecordDirectory, notification.NotificationId, record, cancellationToken);
    }
}
