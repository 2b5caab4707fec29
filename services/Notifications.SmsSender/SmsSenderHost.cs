using MassTransit;
using Notifications.Delivery;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
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
        builder.AddNotificationsBus(bus => bus.AddConsumer<SendSmsConsumer, SendSmsConsumerDefinition>());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTwilioWebhooks();
        return app;
    }
}
