using Notifications.ConsumerHealth;
using Notifications.Scheduling;
using Notifications.Scheduling.Redelivery;
using MassTransit;
using Notifications.Delivery;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ProviderSettings;
using Notifications.SharedState.StoredDocuments;
using Notifications.SmsSender.Consumers;
using Notifications.SmsSender.Webhooks;

namespace Notifications.SmsSender;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class SmsSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNotificationDelivery();
        builder.AddSmsProviders();
        // Not ready while the stored settings cannot be read: nothing is sent, and the reason names the document.
        builder.AddStoredDocumentReadiness<ProviderSettingsStore>("provider-credentials");
        // Kill switch and stall detection on every receive endpoint (Notifications.ConsumerHealth).
        builder.AddConsumerHealth();
        builder.AddNotificationsBus(bus =>
        {
            bus.AddConsumer<SendSmsConsumer, SendSmsConsumerDefinition>();
            // Twilio's webhooks reach the gateway (one host for the internet), which sends them here once verified.
            bus.AddConsumer<TwilioWebhookConsumer, TwilioWebhookConsumerDefinition>();
        });
        // Twilio or Redis away for long: the SMS (and the webhooks, whose threads are in Redis) come back through the
        // delay ladder rather than the error queue. Every queue the sender consumes must be a destination of the ladder.
        builder.AddDelayedRedelivery(QueueNames.SendSms, QueueNames.SmsWebhooks);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
