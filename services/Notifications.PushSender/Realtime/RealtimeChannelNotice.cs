using Microsoft.Extensions.Options;
using Notifications.PushSender.Options;

namespace Notifications.PushSender.Realtime;

/// <summary>Says once at start-up where realtime events go, so nobody wonders why no desktop notification shows.</summary>
public sealed class RealtimeChannelNotice(IOptions<RealtimeOptions> options, ILogger<RealtimeChannelNotice> logger) : IHostedService
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
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
