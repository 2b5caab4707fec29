using Notifications.ConsumerHealth;
using Notifications.Scheduling;
using Notifications.Scheduling.Redelivery;
using MassTransit;
using Notifications.Delivery;
using Notifications.Email;
using Notifications.Email.Settings;
using Notifications.EmailSender.Consumers;
using Notifications.EmailSender.Digest;
using Notifications.EmailSender.Upgrades;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.EmailSender;

/// <summary>
/// Composes the service that sends email: the <c>send-email</c> consumer and the digest schedule. The admin API
/// and the console that manage its settings and templates are the admin service's (Notifications.Admin).
/// Program.cs and the integration tests both build it through here.
/// </summary>
public static class EmailSenderHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNotificationDelivery();
        builder.AddEmail();
        // Not ready while the stored settings cannot be read: nothing is sent, and the reason names the document.
        builder.AddStoredDocumentReadiness<EmailSettingsStore>("email-settings");
        builder.Services.AddHostedService<EmailTransportAnnouncement>();
        // Kill switch and stall detection on every receive endpoint (Notifications.ConsumerHealth).
        builder.AddConsumerHealth();
        builder.AddNotificationsBus(bus => bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>());
        // An SMTP server down for hours: its emails come back through the delay ladder rather than the error queue.
        builder.AddDelayedRedelivery(QueueNames.SendEmail);
        // Needs Redis and the bus, so it is part of the host rather than of AddEmail.
        builder.Services.AddHostedService<DigestScheduler>();
        // Removes the queue earlier versions filled the delivery log from; in the background, retried while the broker is down.
        builder.Services.AddHostedService<LegacyDeliveryLogQueue>();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
