using Notifications.Gateway.EmailEvents;
using Notifications.Gateway.InboundEmail;
using Notifications.Gateway.Ingest;
using Notifications.Gateway.TwilioWebhooks;
using Notifications.Gateway.Unsubscribe;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Gateway;

/// <summary>
/// The public edge (notification-rules.md, "The public edge"): what the internet calls comes here, is authenticated
/// and validated, and is published to the broker. It holds no provider logic and no console: the HTTP ingest for
/// platforms that cannot hold an AMQP connection, Twilio's webhooks, whose signatures it checks before it sends
/// them on to the SMS sender's queue, the one-click unsubscribe links of users' emails, and late bounces (SendGrid's
/// Event Webhook, and the reports mailed to the bounce addresses), published as follow-up failures.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // Publishes and sends only: no receive endpoint, so a gateway never takes messages meant for the services.
        builder.AddNotificationsBus(_ => { });
        builder.AddIngest();
        builder.AddTwilioWebhooks();
        builder.AddUnsubscribeLinks();
        builder.AddEmailEvents();
        builder.AddInboundMail();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngest();
        app.MapTwilioWebhooks();
        app.MapUnsubscribeLinks();
        app.MapEmailEvents();
        app.MapInboundMail();
        return app;
    }
}
