namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// Provider credentials entered at run time (the console or <c>PUT /admin/providers</c>), stored in Redis as one
/// JSON document (<c>providers:settings</c>). Each provider's set replaces that provider's configured credentials
/// as a whole; a null set means "as configured". The push provider choice can be made here too. Endpoints, rate
/// limits and the rest stay in configuration.
/// </summary>
public sealed record RuntimeProviderSettings
{
    public TwilioCredentials? Twilio { get; init; }
    public OneSignalCredentials? OneSignal { get; init; }
    public PusherBeamsCredentials? PusherBeams { get; init; }
    public PusherChannelsCredentials? PusherChannels { get; init; }

    /// <summary>Replaces <c>Push:Provider</c>: one of <see cref="PushProviderNames.All"/>; null means as configured.</summary>
    public string? PushProvider { get; init; }
}

/// <summary>The push providers <c>Push:Provider</c> and its run-time replacement can name.</summary>
public static class PushProviderNames
{
    public const string OneSignal = "OneSignal";
    public const string PusherBeams = "PusherBeams";

    public static readonly IReadOnlyList<string> All = [OneSignal, PusherBeams];

    /// <summary>The name as written here, whatever its case; null when it names no push provider.</summary>
    public static string? Canonical(string? value) =>
        All.FirstOrDefault(name => string.Equals(name, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Replaces <c>Sms:Twilio:AccountSid</c>, <c>AuthToken</c> and <c>From</c>.</summary>
public sealed record TwilioCredentials
{
    public string? AccountSid { get; init; }

    /// <summary>Secret: write-only through the API, never logged.</summary>
    public string? AuthToken { get; init; }

    public string? From { get; init; }
}

/// <summary>Replaces <c>Push:OneSignal:AppId</c> and <c>ApiKey</c>.</summary>
public sealed record OneSignalCredentials
{
    public string? AppId { get; init; }

    /// <summary>Secret: write-only through the API, never logged.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>Replaces <c>Push:PusherBeams:InstanceId</c> and <c>SecretKey</c>.</summary>
public sealed record PusherBeamsCredentials
{
    public string? InstanceId { get; init; }

    /// <summary>Secret: write-only through the API, never logged.</summary>
    public string? SecretKey { get; init; }
}

/// <summary>Replaces <c>Realtime:Pusher:AppId</c>, <c>Key</c>, <c>Secret</c> and (when given) <c>Cluster</c>.</summary>
public sealed record PusherChannelsCredentials
{
    public string? AppId { get; init; }

    /// <summary>The app key: public (browsers subscribe with it).</summary>
    public string? Key { get; init; }

    /// <summary>Secret: write-only through the API, never logged.</summary>
    public string? Secret { get; init; }

    /// <summary>Null keeps the configured cluster.</summary>
    public string? Cluster { get; init; }
}
