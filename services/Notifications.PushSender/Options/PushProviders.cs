namespace Notifications.PushSender.Options;

/// <summary>The push providers <c>Push:Provider</c> can name.</summary>
public enum PushProvider
{
    OneSignal,
    PusherBeams,
}

/// <summary>Parses <c>Push:Provider</c>: only the two names, case-insensitive (no numbers, which <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> would take).</summary>
public static class PushProviders
{
    public static bool TryParse(string? value, out PushProvider provider)
    {
        provider = default;
        if (string.Equals(value?.Trim(), nameof(PushProvider.OneSignal), StringComparison.OrdinalIgnoreCase))
            provider = PushProvider.OneSignal;
        else if (string.Equals(value?.Trim(), nameof(PushProvider.PusherBeams), StringComparison.OrdinalIgnoreCase))
            provider = PushProvider.PusherBeams;
        else
            return false;
        return true;
    }
}
