using Notifications.Delivery;
using MassTransit;
using Notifications.EmailSender.Admin;
using Notifications.EmailSender.AdminConsole;
using Notifications.EmailSender.Consumers;
using Notifications.EmailSender.Digest;
using Notifications.EmailSender.Upgrades;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class EmailSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNotificationDelivery();
        builder.AddEmailSender();
        builder.AddEmailConsole();
        builder.AddNotificationsBus(bus => bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>());
        // Needs Redis and the bus, so it is part of the host rather than of AddEmailSender.
        builder.Services.AddHostedService<DigestScheduler>();
        // Removes the queue earlier versions filled the delivery log from; in the background, retried while the broker is down.
        builder.Services.AddHostedService<LegacyDeliveryLogQueue>();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapEmailAdmin();
        app.MapEmailConsole();
        return app;
    }
}
