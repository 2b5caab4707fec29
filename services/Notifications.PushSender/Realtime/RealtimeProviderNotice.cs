using Microsoft.Extensions.Options;
using Notifications.PushSender.Settings;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Realtime;

/// <summary>
/// Says once at start-up where the configuration sends realtime events, so nobody wonders why no desktop notification
/// shows, and reports it to the console (credentials entered there at run time take over from it).
/// </summary>
public sealed class RealtimeProviderNotice(IOptions<RealtimeOptions> options, ProviderReports reports, IHostApplicationLifetime lifetime, ILogger<RealtimeProviderNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var realtime = options.Value;
        if (realtime.Pusher.IsConfigured)
            logger.LogInformation("Realtime events go through Pusher Channels app {AppId} ({BaseUrl}) on channels {ChannelPrefix}{{recipientId}}",
                realtime.Pusher.AppId, realtime.Pusher.EffectiveBaseUrl, RealtimeEvent.ChannelPrefix);
        else
            logger.LogWarning("No Pusher Channels app is configured (Realtime:Pusher:AppId, Realtime:Pusher:Key, Realtime:Pusher:Secret): realtime events are recorded as JSON files in {RecordDirectory}",
                Path.GetFullPath(realtime.RecordDirectory));

        // Not awaited: a sender whose Redis is not up yet still starts.
        _ = reports.WriteAsync(new ProviderReport
        {
            Channel = "realtime",
            ConfiguredProviders = realtime.Pusher.IsConfigured ? [PusherChannelsClient.ProviderName] : [],
            Description = realtime.Pusher.IsConfigured
                ? $"Pusher Channels app {realtime.Pusher.AppId}, key {realtime.Pusher.Key}, cluster {realtime.Pusher.Cluster} (secret set)"
                : $"no Pusher Channels credentials: recording to the folder {realtime.RecordDirectory}",
            RecordDirectory = realtime.RecordDirectory,
        }, lifetime.ApplicationStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
