using Microsoft.Extensions.Options;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Settings;
using Notifications.Delivery.Recording;

namespace Notifications.PushSender.Realtime;

/// <summary>
/// Stands in for Pusher Channels when no app is configured (development, demos): each event becomes a JSON file
/// named after its notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class RealtimeRecordDirectory(IOptions<RealtimeOptions> options)
{
    public const string ProviderName = "realtime-record-directory";

    public async Task RecordAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken)
    {
        var record = new { channel = realtimeEvent.Channel, @event = realtimeEvent.Name, data = realtimeEvent.Data, recordedAt = DateTimeOffset.UtcNow };
        await RecordFiles.WriteAsync(options.Value.RecordDirectory, realtimeEvent.Data.NotificationId, record, cancellationToken);
    }
}
