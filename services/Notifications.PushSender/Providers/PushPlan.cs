using Notifications.Contracts;
using Notifications.PushSender.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Providers;

/// <summary>Which providers one push goes through. Decided from the devices and the configuration alone (no I/O).</summary>
/// <param name="Record">No provider is configured: write the push to the record directory.</param>
/// <param name="OneSignal">Send through OneSignal (all the recipient's OneSignal devices, iOS included).</param>
/// <param name="PusherBeams">Send through Beams (the Android and web devices).</param>
/// <param name="UnservedIosDevices">iOS devices nothing can reach (only Beams is configured).</param>
public sealed record PushPlan(bool Record, bool OneSignal, bool PusherBeams, int UnservedIosDevices)
{
    public const string NoDevices = "recipient has no registered push devices";
    public const string IosNeedsOneSignal = "iOS devices need OneSignal (Push:OneSignal:*); only Pusher Beams is configured";

    public static PushPlan For(IReadOnlyList<PushDevice> devices, PushOptions options)
    {
        if (devices.Count == 0)
            throw new ProviderException(NoDevices, permanent: true);

        var oneSignal = options.OneSignal.IsConfigured;
        switch (options.EffectiveProvider)
        {
            case null:
                return new PushPlan(Record: true, OneSignal: false, PusherBeams: false, UnservedIosDevices: 0);
            case PushProvider.OneSignal:
                return new PushPlan(Record: false, OneSignal: true, PusherBeams: false, UnservedIosDevices: 0);
        }

        // Beams is the provider. Apple devices only get pushes through OneSignal (the product's rule).
        var ios = devices.Count(device => string.Equals(device.Platform, PushPlatforms.Ios, StringComparison.OrdinalIgnoreCase));
        var others = devices.Count - ios;
        if (others == 0 && !oneSignal)
            throw new ProviderException(IosNeedsOneSignal, permanent: true);

        return new PushPlan(
            Record: false,
            OneSignal: ios > 0 && oneSignal,
            PusherBeams: others > 0,
            UnservedIosDevices: oneSignal ? 0 : ios);
    }
}
