using Notifications.SharedState.ProviderSettings;
using Notifications.Contracts;
using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Realtime;

/// <summary>Sends one <see cref="SendRealtimeNotification"/> through Pusher Channels, or records it without an app.</summary>
public sealed class RealtimeDispatcher(IRuntimeOptions<RealtimeOptions> options, PusherChannelsClient pusher, RealtimeRecordDirectory recorder)
{
    /// <summary>Returns the provider name for the delivery result; throws <c>ProviderException</c> on failure.</summary>
    public async Task<string> SendAsync(SendRealtimeNotification command, CancellationToken cancellationToken)
    {
        var settings = await options.CurrentAsync();
        var realtimeEvent = RealtimeEvent.From(command, settings.AdminBaseUrl);
        if (!settings.Pusher.IsConfigured)
        {
            await recorder.RecordAsync(realtimeEvent, cancellationToken);
            return RealtimeRecordDirectory.ProviderName;
        }

        await pusher.TriggerAsync(realtimeEvent, cancellationToken);
        return PusherChannelsClient.ProviderName;
    }
}
