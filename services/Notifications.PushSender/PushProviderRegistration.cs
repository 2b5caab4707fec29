using Microsoft.Extensions.Options;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.PushSender.Realtime;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender;

/// <summary>Binds the <c>Push</c> options and registers the providers, the record directory and the dispatcher.</summary>
public static class PushProviderRegistration
{
    /// <summary>Long enough for a slow provider, short enough that a hung call is retried.</summary>
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddPushProviders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>()
            .BindConfiguration(PushOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        // Credentials entered in the console replace the configured ones without a restart.
        builder.Services.AddRuntimeOptions<PushOptions>((configured, stored) => configured.WithRuntimeCredentials(stored));

        builder.Services.TryAddSingleton<ProviderRateLimiter>();
        builder.Services.AddHttpClient<OneSignalClient>(http => http.Timeout = ProviderTimeout)
            .AddHttpMessageHandler(services => RateLimited(services, OneSignalClient.ProviderName, () => services.GetRequiredService<IOptions<PushOptions>>().Value.OneSignal.MaxPerSecond))
            .AddProviderTelemetry(OneSignalClient.ProviderName);
        builder.Services.AddHttpClient<PusherBeamsClient>(http => http.Timeout = ProviderTimeout)
            .AddHttpMessageHandler(services => RateLimited(services, PusherBeamsClient.ProviderName, () => services.GetRequiredService<IOptions<PushOptions>>().Value.PusherBeams.MaxPerSecond))
            .AddProviderTelemetry(PusherBeamsClient.ProviderName);
        builder.Services.AddSingleton<PushRecordDirectory>();
        builder.Services.AddTransient<PushDispatcher>();
        builder.Services.AddHostedService<PushProviderNotice>();
        // The router reads it to decide whether a push replaces the desktop notification.
        builder.Services.AddSingleton<PushReachStore>();
        builder.Services.AddHostedService<PushReachReporter>();
        return builder;
    }

    /// <summary>Binds the <c>Realtime</c> options and registers the Pusher Channels client, its record directory and dispatcher.</summary>
    public static IHostApplicationBuilder AddRealtimeProviders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        builder.Services.AddRuntimeOptions<RealtimeOptions>((configured, stored) => configured.WithRuntimeCredentials(stored));

        builder.Services.TryAddSingleton<ProviderRateLimiter>();
        builder.Services.AddHttpClient<PusherChannelsClient>(http => http.Timeout = ProviderTimeout)
            .AddHttpMessageHandler(services => RateLimited(services, PusherChannelsClient.ProviderName, () => services.GetRequiredService<IOptions<RealtimeOptions>>().Value.Pusher.MaxPerSecond))
            .AddProviderTelemetry(PusherChannelsClient.ProviderName);
        builder.Services.AddSingleton<RealtimeRecordDirectory>();
        builder.Services.AddTransient<RealtimeDispatcher>();
        builder.Services.AddHostedService<RealtimeProviderNotice>();
        return builder;
    }

    /// <summary>The provider's shared rate limit (every instance, through Redis) and Retry-After pauses.</summary>
    /// <remarks>Registered before <c>AddProviderTelemetry</c>, so it is the outer handler: the time a request waits
    /// for its slot is <c>notifications.rate_limit.wait_duration</c>, not part of <c>notifications.provider.duration</c>.</remarks>
    private static ProviderRateLimitHandler RateLimited(IServiceProvider services, string provider, Func<int> maxPerSecond) =>
        new(services.GetRequiredService<ProviderRateLimiter>(), provider, maxPerSecond);
}
