namespace Notifications.ServiceDefaults.RuntimeSettings;

/// <summary>
/// Provider credentials entered at run time (the console or <c>PUT /admin/providers</c>), stored in Redis as one
/// JSON document (<c>providers:settings</c>). Each provider's set replaces that provider's configured credentials
/// as a whole; a null set means "as configured". Endpoints, rate limits and the rest stay in configuration.
/// </summary>
public sealed record RuntimeProviderSettings
{
    public TwilioCredentials? Twilio { get; init; }
    public OneSignalCredentials? OneSignal { get; init; }
    public PusherBeamsCredentials? PusherBeams { get; init; }
    public PusherChannelsCredentials? PusherChannels { get; init; }
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
