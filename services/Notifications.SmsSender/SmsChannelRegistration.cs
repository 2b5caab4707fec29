using Microsoft.Extensions.Options;
using Notifications.SmsSender.Channels;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.ServiceDefaults.Delivery;
using Notifications.SmsSender.Guard;
using Notifications.SmsSender.Options;
using Notifications.SmsSender.Webhooks;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.SmsSender;

/// <summary>Binds the <c>Sms</c> options and picks the channel: Twilio with credentials, the record directory without.</summary>
public static class SmsChannelRegistration
{
    /// <summary>Long enough for a slow Twilio edge, short enough that a hung call is retried.</summary>
    private static readonly TimeSpan TwilioTimeout = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddSmsChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        builder.Services.AddSingleton<SmsComposer>();
        builder.Services.AddSingleton<RecipientSmsLimit>();
        // TryAdd: a test host may put its own store in first.
        builder.Services.TryAddSingleton<ISmsThreadStore, RedisSmsThreadStore>();
        builder.Services.AddSingleton<WebhookReplayGuard>();
        builder.Services.AddHostedService<SmsChannelNotice>();

        // Decided once from configuration at start-up: switching channels needs a restart, like any credential change.
        var configured = builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        if (configured.UsesTwilio)
        {
            builder.Services.TryAddSingleton<ProviderRateLimiter>();
            builder.Services.AddHttpClient<ISmsChannel, TwilioSmsChannel>(http => http.Timeout = TwilioTimeout)
                // Twilio's per-number rate, shared by every instance; a Retry-After pauses them all. Outermost, so
                // the wait for a slot is its own metric and not part of the provider call's duration below.
                .AddHttpMessageHandler(services => new ProviderRateLimitHandler(
                    services.GetRequiredService<ProviderRateLimiter>(),
                    TwilioSmsChannel.ProviderName,
                    () => services.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio.MaxPerSecond))
                .AddProviderTelemetry(TwilioSmsChannel.ProviderName)
                .AddHttpMessageHandler(services =>
                    new TwilioBaseUrlHandler(new Uri(services.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio.BaseUrl)));
        }
        else
        {
            builder.Services.AddSingleton<ISmsChannel, SmsRecordDirectory>();
        }
        return builder;
    }
}
