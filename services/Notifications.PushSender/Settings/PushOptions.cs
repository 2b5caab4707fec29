using System.ComponentModel.DataAnnotations;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Settings;

/// <summary>The <c>Push</c> configuration section.</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary><c>OneSignal</c> or <c>PusherBeams</c>; unset means OneSignal when configured, else Beams.</summary>
    public string? Provider { get; set; }

    public OneSignalOptions OneSignal { get; set; } = new();

    public PusherBeamsOptions PusherBeams { get; set; } = new();

    /// <summary>Where push notifications are written as JSON files when no provider is configured.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Push:RecordDirectory must not be empty.")]
    public string RecordDirectory { get; set; } = "var/push-outbox";

    /// <summary>Base of the conversation link in agents' push notifications (<c>{base}/conversations/{id}</c>); unset means no link.</summary>
    public string? AdminBaseUrl { get; set; }

    /// <summary>Base of the conversation link in users' push notifications (the platform's site or an app scheme); unset means no link.</summary>
    public string? UserBaseUrl { get; set; }

    /// <summary>The provider that takes all devices it can (iOS always goes to OneSignal), or null when none is configured.</summary>
    public PushProvider? EffectiveProvider =>
        PushProviders.TryParse(Provider, out var chosen) ? chosen
        : OneSignal.IsConfigured ? PushProvider.OneSignal
        : PusherBeams.IsConfigured ? PushProvider.PusherBeams
        : null;

    /// <summary>Which devices these options reach: OneSignal takes every platform; Beams all but iOS, which needs OneSignal beside it.</summary>
    public PushReach Reach => EffectiveProvider switch
    {
        null => PushReach.Nothing,
        PushProvider.OneSignal => new PushReach(Ios: true, OtherPlatforms: true),
        _ => new PushReach(Ios: OneSignal.IsConfigured, OtherPlatforms: true),
    };

    /// <summary>These options with the OneSignal and Beams credentials and the provider choice entered at run time in
    /// place of the configured ones (this instance when none are). Endpoints and limits stay as configured.</summary>
    public PushOptions WithRuntimeCredentials(RuntimeProviderSettings stored)
    {
        if (stored.OneSignal is null && stored.PusherBeams is null && stored.PushProvider is null)
            return this;
        var copy = (PushOptions)MemberwiseClone();
        if (stored.PushProvider is { } provider)
            copy.Provider = provider;
        if (stored.OneSignal is { } oneSignal)
        {
            copy.OneSignal = OneSignal.Copy();
            copy.OneSignal.AppId = oneSignal.AppId;
            copy.OneSignal.ApiKey = oneSignal.ApiKey;
        }
        if (stored.PusherBeams is { } beams)
        {
            copy.PusherBeams = PusherBeams.Copy();
            copy.PusherBeams.InstanceId = beams.InstanceId;
            copy.PusherBeams.SecretKey = beams.SecretKey;
        }
        return copy;
    }
}

/// <summary>The <c>Push:OneSignal</c> section.</summary>
public sealed class OneSignalOptions
{
    public const string DefaultBaseUrl = "https://api.onesignal.com";

    public string? AppId { get; set; }

    /// <summary>The app's REST API key. Secret: never logged and never part of an error message.</summary>
    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Requests per second to OneSignal across all instances (0: unlimited).</summary>
    public int MaxPerSecond { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(ApiKey);

    public OneSignalOptions Copy() => (OneSignalOptions)MemberwiseClone();
}

/// <summary>The <c>Push:PusherBeams</c> section.</summary>
public sealed class PusherBeamsOptions
{
    public string? InstanceId { get; set; }

    /// <summary>The instance's secret (primary) key. Secret: never logged and never part of an error message.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Unset means <c>https://{instanceId}.pushnotifications.pusher.com</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Requests per second to Beams across all instances (0: unlimited).</summary>
    public int MaxPerSecond { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(InstanceId) && !string.IsNullOrWhiteSpace(SecretKey);

    public PusherBeamsOptions Copy() => (PusherBeamsOptions)MemberwiseClone();

    public string EffectiveBaseUrl => string.IsNullOrWhiteSpace(BaseUrl)
        ? $"https://{InstanceId}.pushnotifications.pusher.com"
        : BaseUrl;
}
