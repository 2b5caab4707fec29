using Microsoft.Extensions.Options;
using Notifications.PushSender.Channels;
using Notifications.PushSender.Options;
using Notifications.PushSender.Realtime;

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

        builder.Services.AddHttpClient<OneSignalClient>(http => http.Timeout = ProviderTimeout);
        builder.Services.AddHttpClient<PusherBeamsClient>(http => http.Timeout = ProviderTimeout);
        builder.Services.AddSingleton<PushRecordDirectory>();
        builder.Services.AddTransient<PushDispatcher>();
        builder.Services.AddHostedService<PushChannelNotice>();
        return builder;
    }

    /// <summary>Binds the <c>Realtime</c> options and registers the Pusher Channels client, its record directory and dispatcher.</summary>
    public static IHostApplicationBuilder AddRealtimeChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();

        builder.Services.AddHttpClient<PusherChannelsClient>(http => http.Timeout = ProviderTimeout);
        builder.Services.AddSingleton<RealtimeRecordDirectory>();
        builder.Services.AddTransient<RealtimeDispatcher>();
        builder.Services.AddHostedService<RealtimeChannelNotice>();
        return builder;
    }
}
