using Microsoft.Extensions.Options;
using Notifications.SmsSender.Providers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Guard;
using Notifications.SmsSender.Lookup;
using Notifications.SmsSender.Settings;
using Notifications.SmsSender.Webhooks;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.SmsSender;

/// <summary>
/// Binds the <c>Sms</c> options and registers both providers: Twilio with credentials, the record directory without;
/// and the Twilio lookup a re-send consults first.
/// </summary>
public static class SmsProviderRegistration
{
    /// <summary>Long enough for a slow Twilio edge, short enough that a hung call is retried.</summary>
    private static readonly TimeSpan TwilioTimeout = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddSmsProviders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            // Lists bind from Sms:AllowedRegions:0, :1, ...; operators write Sms__AllowedRegions=US,CA, a single value.
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (configuration["Sms:AllowedRegions"] is { Length: > 0 } regions)
                    options.AllowedRegions.Add(regions);
                if (configuration["Sms:AllowedCountryPrefixes"] is { Length: > 0 } prefixes)
                    options.AllowedCountryPrefixes.Add(prefixes);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        builder.Services.AddSingleton<SmsComposer>();
        builder.Services.AddSingleton<RecipientSmsLimit>();
        // TryAdd: a test host may put its own store in first.
        builder.Services.TryAddSingleton<ISmsThreadStore, RedisSmsThreadStore>();
        builder.Services.AddSingleton<WebhookReplayGuard>();
        builder.Services.AddHostedService<SmsProviderNotice>();
        builder.Services.AddHostedService<SmsDestinationNotice>();

        // Both providers are always there: Twilio is used whenever credentials are in effect, configured or entered
        // at run time (SmsProviderInEffect decides per SMS), so entering credentials in the console needs no restart.
        builder.Services.AddRuntimeOptions<SmsOptions>((configured, stored) => configured.WithRuntimeCredentials(stored));
        builder.Services.TryAddSingleton<ProviderRateLimiter>();
        builder.Services.AddHttpClient<TwilioSmsProvider>(http => http.Timeout = TwilioTimeout).AddTwilioPipeline();
        // The lookup before a re-send (Twilio has no idempotency key) reads the message list through the same pipeline.
        builder.Services.AddHttpClient<TwilioMessageList>(http => http.Timeout = TwilioTimeout).AddTwilioPipeline();
        builder.Services.AddSingleton<TwilioDeliveryLookup>();
        builder.Services.AddSingleton<SmsRecordDirectory>();
        builder.Services.AddSingleton<ISmsProvider, SmsProviderInEffect>();
        return builder;
    }

    private static IHttpClientBuilder AddTwilioPipeline(this IHttpClientBuilder client) => client
        // Twilio's per-number rate, shared by every instance; a Retry-After pauses them all. Outermost, so
        // the wait for a slot is its own metric and not part of the provider call's duration below.
        .AddHttpMessageHandler(services => new ProviderRateLimitHandler(
            services.GetRequiredService<ProviderRateLimiter>(),
            TwilioSmsProvider.ProviderName,
            () => services.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio.MaxPerSecond))
        .AddProviderTelemetry(TwilioSmsProvider.ProviderName)
        .AddHttpMessageHandler(services =>
            new TwilioBaseUrlHandler(new Uri(services.GetRequiredService<IOptions<SmsOptions>>().Value.Twilio.BaseUrl)));
}
