using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.ConsumerHealth;
using Notifications.Scheduling;
using Notifications.Scheduling.Redelivery;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Webhooks;
using Notifications.WebhookSender.Consumers;
using Notifications.WebhookSender.Posting;
using Notifications.WebhookSender.Settings;

namespace Notifications.WebhookSender;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class WebhookSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var settings = ReadSettings(builder);
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<WebhookDeadLetterStore>();
        builder.Services.AddSingleton<WebhookPoster>();
        builder.Services.AddHttpClient(WebhookPoster.ClientName, client => client.Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds))
            // A redirect would turn the POST into a GET without its body; the receiver's URL is configured, not discovered.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Off (no Webhooks:Url): no consumer, so no send-webhook queue is declared or bound, and none fills up unread.
        // Kill switch and stall detection on every receive endpoint (Notifications.ConsumerHealth).
        builder.AddConsumerHealth();
        builder.AddNotificationsBus(bus =>
        {
            if (!settings.Enabled)
                return;
            foreach (var type in settings.EventTypes)
                RegistrationConfiguratorExtensions.AddConsumer(bus, typeof(WebhookConsumer<>).MakeGenericType(type), typeof(WebhookConsumerDefinition<>).MakeGenericType(type));
        });
        // The receiver away for long: webhooks come back through the delay ladder, for up to Messaging:RedeliveryHours.
        if (settings.Enabled)
            builder.AddDelayedRedelivery(QueueNames.SendWebhook);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        if (settings.Enabled)
            app.Logger.LogInformation("Webhooks on: {Events} posted to {Host}", string.Join(", ", settings.EventTypes.Select(t => t.Name)), new Uri(settings.Url!).Host);
        else
            app.Logger.LogWarning("Webhooks are off: Webhooks:Url is unset, so nothing is consumed and no {Queue} queue is declared", QueueNames.SendWebhook);
        return app;
    }

    /// <summary>
    /// Read and checked before the bus is composed, because whether any consumer exists depends on them: a bad
    /// value stops the start with the key to fix rather than a service that silently posts nothing.
    /// </summary>
    private static WebhookOptions ReadSettings(WebApplicationBuilder builder)
    {
        var settings = WebhookOptions.From(builder.Configuration);
        var result = new WebhookOptionsValidator(builder.Environment).Validate(Options.DefaultName, settings);
        if (result.Failed)
            throw new OptionsValidationException(WebhookOptions.Section, typeof(WebhookOptions), result.Failures);
        return settings;
    }
}
