using Microsoft.Extensions.Options;
using Notifications.SmsSender.Options;

namespace Notifications.SmsSender;

/// <summary>Says once at start-up which SMS channel is active, so nobody wonders why no SMS arrives.</summary>
public sealed class SmsChannelNotice(IOptions<SmsOptions> options, ILogger<SmsChannelNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sms = options.Value;
        if (sms.UsesTwilio)
            logger.LogInformation("SMS are sent through Twilio ({BaseUrl}) from {From}", sms.Twilio.BaseUrl, sms.Twilio.From);
        else
            logger.LogWarning("No Twilio credentials are configured (Sms:Twilio:AccountSid, Sms:Twilio:AuthToken): SMS are recorded as JSON files in {RecordDirectory}",
                Path.GetFullPath(sms.RecordDirectory));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
