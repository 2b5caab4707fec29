using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.PushSender.Options;

namespace Notifications.PushSender.Channels;

/// <summary>
/// Stands in for the providers when none is configured (development, demos): each push becomes a JSON file
/// named after its notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class PushRecordDirectory(IOptions<PushOptions> options)
{
    public const string ProviderName = "push-record-directory";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task SendAsync(PushNotification notification, IReadOnlyList<PushDevice> devices, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.RecordDirectory);
        Directory.CreateDirectory(directory);

        var path = Path.Combine(directory, FileNames.For(notification.NotificationId) + ".json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
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

        // Write then rename: a reader (or a crash) never sees half a file.
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
