using Microsoft.Extensions.Options;
using Notifications.Delivery.Recording;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// The provider without Twilio credentials (development, demos): each SMS becomes a JSON file named after its
/// notification id, so a redelivered command overwrites rather than duplicates.
/// </summary>
public sealed class SmsRecordDirectory(IOptions<SmsOptions> options) : ISmsProvider
{
    public const string ProviderName = "sms-record-directory";

    public async Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        var record = new { to = sms.To, from = sms.From, body = sms.Body, notificationId = sms.NotificationId, recordedAt = DateTimeOffset.UtcNow };
        await RecordFiles.WriteAsync(options.Value.RecordDirectory, sms.NotificationId, record, cancellationToken);
        return new SmsReceipt(ProviderName);
    }
}
