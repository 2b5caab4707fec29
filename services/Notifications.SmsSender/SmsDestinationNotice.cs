using Microsoft.Extensions.Options;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender;

/// <summary>
/// Says at start-up where SMS may go: a warning when every region is allowed (anyone who can open a chat can then
/// have the help desk text any country, the SMS-pumping risk), and how <c>Sms:AllowedCountryPrefixes</c> was read.
/// </summary>
public sealed class SmsDestinationNotice(IOptions<SmsOptions> options, ILogger<SmsDestinationNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sms = options.Value;
        var regions = SmsRegions.Allowed(sms);
        if (regions.Count == 0)
        {
            logger.LogWarning("SMS may go to every region: set Sms:AllowedRegions (ISO codes such as US,CA) to the regions your users and agents are in, "
                + "so nobody can have the help desk text premium routes abroad (premium-rate and shared-cost numbers are refused everywhere)");
            return Task.CompletedTask;
        }
        foreach (var prefix in sms.EffectiveAllowedCountryPrefixes)
            logger.LogInformation("Sms:AllowedCountryPrefixes {Prefix} is read as region {Region}; list other regions of that code in Sms:AllowedRegions",
                prefix, SmsRegions.RegionOfPrefix(prefix) ?? "none");
        logger.LogInformation("SMS may go to the regions {Regions}", string.Join(", ", regions.Order(StringComparer.Ordinal)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
