using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Settings;

/// <summary>The push providers <c>Push:Provider</c> can name.</summary>
public enum PushProvider
{
    OneSignal,
    PusherBeams,
}

/// <summary>Parses <c>Push:Provider</c>: only the two names (<see cref="PushProviderNames"/>, shared with the run-time
/// choice), case-insensitive (no numbers, which <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> would take).</summary>
public static class PushProviders
{
    public static bool TryParse(string? value, out PushProvider provider)
    {
        var name = PushProviderNames.Canonical(value);
        provider = name == PushProviderNames.PusherBeams ? PushProvider.PusherBeams : PushProvider.OneSignal;
        return name is not null;
    }
}
