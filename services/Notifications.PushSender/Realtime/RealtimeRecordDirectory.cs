using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.PushSender.Channels;
using Notifications.PushSender.Options;

namespace Notifications.PushSender.Realtime;

/// <summary>
/// Stands in for Pusher Channels when no app is configured (development, demos): each event becomes a JSON file
/// named after its notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class RealtimeRecordDirectory(IOptions<RealtimeOptions> options)
{
    public const string ProviderName = "realtime-record-directory";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task RecordAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.RecordDirectory);
        Directory.CreateDirectory(directory);

        var path = Path.Combine(directory, FileNames.For(realtimeEvent.Data.NotificationId) + ".json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var record = new { channel = realtimeEvent.Channel, @event = realtimeEvent.Name, data = realtimeEvent.Data, recordedAt = DateTimeOffset.UtcNow };

        // Write then rename: a reader (or a crash) never sees half a file.
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
