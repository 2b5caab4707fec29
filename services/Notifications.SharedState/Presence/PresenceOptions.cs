using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.SharedState.Presence;

/// <summary>The <c>Presence</c> section: how the presence family is read, the same in every service that reads it.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence";

    /// <summary>
    /// How long a <c>PresenceChanged { online: true }</c> counts as online without being repeated; 0 (the default)
    /// is for ever, until an offline event. For platforms that can lose an "offline" event (a browser closed without
    /// a goodbye): with a maximum age such a participant counts as offline again after it, and is notified. A
    /// platform that sets it must repeat the online event (or write heartbeats) more often than that.
    /// </summary>
    [Range(0, 525_600, ErrorMessage = "Presence:EventOnlineMaxAgeMinutes must be between 0 (off) and 525600.")]
    public int EventOnlineMaxAgeMinutes { get; set; }

    public long EventOnlineMaxAgeMilliseconds => EventOnlineMaxAgeMinutes * 60_000L;
}

public static class PresenceOptionsRegistration
{
    public static IServiceCollection AddPresenceOptions(this IServiceCollection services)
    {
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
