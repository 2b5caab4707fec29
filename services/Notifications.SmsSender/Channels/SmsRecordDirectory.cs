using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.SmsSender.Options;

namespace Notifications.SmsSender.Channels;

/// <summary>
/// The channel without Twilio credentials (development, demos): each SMS becomes a JSON file named after its
/// notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class SmsRecordDirectory(IOptions<SmsOptions> options) : ISmsChannel
{
    public const string ProviderName = "sms-record-directory";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.RecordDirectory);
        Directory.CreateDirectory(directory);

        var path = Path.Combine(directory, FileNames.For(sms.NotificationId) + ".json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var record = new { to = sms.To, from = sms.From, body = sms.Body, notificationId = sms.NotificationId, recordedAt = DateTimeOffset.UtcNow };

        // Write then rename: a reader (or a crash) never sees half a file.
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return new SmsReceipt(ProviderName);
    }
}
