using Notifications.SharedState.ProviderSettings;
using Notifications.Contracts;
using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Providers;

/// <summary>Carries out a <see cref="PushPlan"/> for one <see cref="SendPush"/> command.</summary>
public sealed class PushDispatcher(
    IRuntimeOptions<PushOptions> options,
    OneSignalClient oneSignal,
    PusherBeamsClient beams,
    PushRecordDirectory recorder,
    ILogger<PushDispatcher> logger)
{
    /// <summary>Returns the provider name(s) for the delivery result; throws <c>ProviderException</c> on failure.</summary>
    public async Task<string> SendAsync(SendPush command, CancellationToken cancellationToken)
    {
        var devices = command.Recipient.PushDevices;
        var settings = await options.CurrentAsync();
        var plan = PushPlan.For(devices, settings);
        var notification = PushNotification.From(command, settings.AdminBaseUrl, settings.UserBaseUrl);

        if (plan.Record)
        {
            await recorder.SendAsync(notification, devices, cancellationToken);
            return PushRecordDirectory.ProviderName;
        }

        if (plan.UnservedIosDevices > 0)
            logger.LogWarning("Notification {NotificationId}: {Count} iOS device(s) of {RecipientId} skipped: iOS needs OneSignal (Push:OneSignal:*), only Pusher Beams is configured",
                command.NotificationId, plan.UnservedIosDevices, command.Recipient.Id);

        var providers = new List<string>(2);
        // OneSignal first: it is idempotent on the key, so if Beams then fails and the command is retried,
        // OneSignal does not notify the iOS devices a second time.
        if (plan.OneSignal)
        {
            await oneSignal.SendAsync(notification, cancellationToken);
            providers.Add(OneSignalClient.ProviderName);
        }
        if (plan.PusherBeams)
        {
            await beams.SendAsync(notification, cancellationToken);
            providers.Add(PusherBeamsClient.ProviderName);
        }
        return string.Join('+', providers);
    }
}
