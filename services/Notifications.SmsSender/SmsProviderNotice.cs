using Microsoft.Extensions.Options;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender;

/// <summary>
/// Says once at start-up which SMS provider the configuration gives, so nobody wonders why no SMS arrives, and
/// reports it to the console (credentials entered there at run time take over from it).
/// </summary>
public sealed class SmsProviderNotice(IOptions<SmsOptions> options, ProviderReports reports, IHostApplicationLifetime lifetime, ILogger<SmsProviderNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sms = options.Value;
        if (sms.UsesTwilio)
            logger.LogInformation("SMS are sent through Twilio ({BaseUrl}) from {From}", sms.Twilio.BaseUrl, sms.Twilio.From);
        else
            logger.LogWarning("No Twilio credentials are configured (Sms:Twilio:AccountSid, Sms:Twilio:AuthToken): SMS are recorded as JSON files in {RecordDirectory} until credentials are entered in the console",
                Path.GetFullPath(sms.RecordDirectory));

        // Not awaited: a sender whose Redis is not up yet still starts.
        _ = reports.WriteAsync(new ProviderReport
        {
            Channel = "sms",
            ConfiguredProviders = sms.UsesTwilio ? [TwilioSmsProvider.ProviderName] : [],
            Description = sms.UsesTwilio
                ? $"Twilio account {ProviderReports.Shorten(sms.Twilio.AccountSid)}, sender {sms.Twilio.From}, auth token set"
                : $"no Twilio credentials: recording to the folder {sms.RecordDirectory}",
            RecordDirectory = sms.RecordDirectory,
        }, lifetime.ApplicationStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
