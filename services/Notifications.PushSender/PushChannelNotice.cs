using Microsoft.Extensions.Options;
using Notifications.PushSender.Options;

namespace Notifications.PushSender;

/// <summary>Says once at start-up which push providers are active, so nobody wonders why no push arrives.</summary>
public sealed class PushChannelNotice(IOptions<PushOptions> options, ILogger<PushChannelNotice> logger) : IHostedService
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
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
