using MassTransit;
using Notifications.EmailSender.Consumers;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class EmailSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddEmailSender();
        builder.AddNotificationsBus(bus => bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
