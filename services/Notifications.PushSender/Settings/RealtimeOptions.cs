using System.ComponentModel.DataAnnotations;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Settings;

/// <summary>The <c>Realtime</c> configuration section: the Pusher Channels app that carries desktop notifications and sound.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    public PusherChannelsOptions Pusher { get; set; } = new();

    /// <summary>Where realtime events are written as JSON files when no Pusher Channels app is configured.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Realtime:RecordDirectory must not be empty.")]
    public string RecordDirectory { get; set; } = "var/realtime-outbox";

    /// <summary>Base of the conversation link in the event for agents (<c>{base}/conversations/{id}</c>); unset means no link.</summary>
    public string? AdminBaseUrl { get; set; }

    /// <summary>These options with the Pusher Channels credentials entered at run time in place of the configured ones
    /// (this instance when none are). The endpoint and limit stay as configured; the cluster too unless one was entered.</summary>
    public RealtimeOptions WithRuntimeCredentials(RuntimeProviderSettings stored)
    {
        if (stored.PusherChannels is not { } credentials)
            return this;
        var copy = (RealtimeOptions)MemberwiseClone();
        copy.Pusher = Pusher.Copy();
        copy.Pusher.AppId = credentials.AppId;
        copy.Pusher.Key = credentials.Key;
        copy.Pusher.Secret = credentials.Secret;
        copy.Pusher.Cluster = credentials.Cluster ?? Pusher.Cluster;
        return copy;
    }
}

/// <summary>The <c>Realtime:Pusher</c> section.</summary>
public sealed class PusherChannelsOptions
{
    public const string DefaultCluster = "mt1";

    public string? AppId { get; set; }

    /// <summary>The app key (public: browsers use it to subscribe).</summary>
    public string? Key { get; set; }

    /// <summary>The app secret that signs requests. Secret: never logged and never part of an error message.</summary>
    public string? Secret { get; set; }

    public string Cluster { get; set; } = DefaultCluster;

    /// <summary>Unset means <c>https://api-{cluster}.pusher.com</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Events per second across all instances of the push sender (0: unlimited).</summary>
    public int MaxPerSecond { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(Key) && !string.IsNullOrWhiteSpace(Secret);

    public string EffectiveBaseUrl => string.IsNullOrWhiteSpace(BaseUrl)
        ? $"https://api-{Cluster}.pusher.com"
        : BaseUrl;

    public PusherChannelsOptions Copy() => (PusherChannelsOptions)MemberwiseClone();
}
