using Notifications.ConsumerHealth;
using Notifications.Scheduling;
using Notifications.Scheduling.Redelivery;
using MassTransit;
using Notifications.Delivery;
using Notifications.PushSender.Consumers;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ProviderSettings;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.PushSender;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class PushSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNotificationDelivery();
        builder.AddPushProviders();
        builder.AddRealtimeProviders();
        // Not ready while the stored settings cannot be read: nothing is sent, and the reason names the document.
        builder.AddStoredDocumentReadiness<ProviderSettingsStore>("provider-credentials");
        // Kill switch and stall detection on every receive endpoint (Notifications.ConsumerHealth).
        builder.AddConsumerHealth();
        builder.AddNotificationsBus(bus =>
        {
            bus.AddConsumer<SendPushConsumer, SendPushConsumerDefinition>();
            bus.AddConsumer<SendRealtimeNotificationConsumer, SendRealtimeNotificationConsumerDefinition>();
        });
        // A provider or Redis away for long: the notifications come back through the delay ladder rather than the error queue.
        builder.AddDelayedRedelivery(QueueNames.SendPush, QueueNames.SendRealtime);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
