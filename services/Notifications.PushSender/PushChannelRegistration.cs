using Microsoft.Extensions.Options;
using Notifications.PushSender.Channels;
using Notifications.PushSender.Options;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.PushSender;

/// <summary>Binds the <c>Push</c> options and registers the providers, the record directory and the dispatcher.</summary>
public static class PushChannelRegistration
{
    /// <summary>Long enough for a slow provider, short enough that a hung call is retried.</summary>
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddPushChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>()
            .BindConfiguration(PushOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();

        builder.Services.AddHttpClient<OneSignalClient>(http => http.Timeout = ProviderTimeout)
            .AddProviderTelemetry(OneSignalClient.ProviderName);
        builder.Services.AddHttpClient<PusherBeamsClient>(http => http.Timeout = ProviderTimeout)
            .AddProviderTelemetry(PusherBeamsClient.ProviderName);
        builder.Services.AddSingleton<PushRecordDirectory>();
        builder.Services.AddTransient<PushDispatcher>();
        builder.Services.AddHostedService<PushChannelNotice>();
        return builder;
    }
}
