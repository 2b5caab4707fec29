using Microsoft.Extensions.Options;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Settings;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender;

/// <summary>
/// Says once at start-up which push providers the configuration gives, so nobody wonders why no push arrives, and
/// reports them to the console (credentials entered there at run time take over from them).
/// </summary>
public sealed class PushProviderNotice(IOptions<PushOptions> options, ProviderReports reports, IHostApplicationLifetime lifetime, ILogger<PushProviderNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var push = options.Value;
        switch (push.EffectiveProvider)
        {
            case null:
                logger.LogWarning("No push provider is configured (Push:OneSignal:*, Push:PusherBeams:*): push notifications are recorded as JSON files in {RecordDirectory}",
                    Path.GetFullPath(push.RecordDirectory));
                break;
            case PushProvider.PusherBeams when !push.OneSignal.IsConfigured:
                logger.LogWarning("Push notifications go through Pusher Beams; iOS devices cannot be reached without OneSignal (Push:OneSignal:*)");
                break;
            case var provider:
                logger.LogInformation("Push notifications go through {Provider}; iOS devices through OneSignal", provider);
                break;
        }

        var configured = new List<string>();
        var described = new List<string>();
        if (push.OneSignal.IsConfigured)
        {
            configured.Add(OneSignalClient.ProviderName);
            described.Add($"OneSignal app {push.OneSignal.AppId} (API key set)");
        }
        if (push.PusherBeams.IsConfigured)
        {
            configured.Add(PusherBeamsClient.ProviderName);
            described.Add($"Pusher Beams instance {push.PusherBeams.InstanceId} (secret key set)");
        }
        // Not awaited: a sender whose Redis is not up yet still starts.
        _ = reports.WriteAsync(new ProviderReport
        {
            Channel = "push",
            ConfiguredProviders = configured,
            Description = described.Count > 0
                ? string.Join(", ", described) + (string.IsNullOrEmpty(push.Provider) ? "" : $"; Push:Provider = {push.Provider}")
                : $"no OneSignal or Pusher Beams credentials: recording to the folder {push.RecordDirectory}",
            RecordDirectory = push.RecordDirectory,
        }, lifetime.ApplicationStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
