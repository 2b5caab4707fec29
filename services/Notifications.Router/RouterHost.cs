using Notifications.Delivery;
using Notifications.Router.Consumers;
using Notifications.Router.Directory;
using Notifications.Router.Presence;
using Notifications.Router.Routing;
using Notifications.Router.Takeover;
using Notifications.Router.Waiting;
using Notifications.ServiceDefaults;
using Notifications.SharedState.ChannelSwitches;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router;

/// <summary>Composes the router; Program.cs and the integration tests both build it through here.</summary>
public static class RouterHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // The router ends notifications only by suppressing them; it sends nothing itself, so it needs no ledger.
        builder.AddDeliveryOutcomes();
        // Declared in the background (retried while the broker is down); a message that must wait is held until then.
        builder.Services.AddSingleton<WaitQueues>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WaitQueues>());
        builder.Services.AddHealthChecks().AddCheck<WaitQueuesHealthCheck>("router-wait-queues", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.AddNotificationsBus(bus =>
        {
            // All inbound events share one queue (and so one error queue: notifications-router_error).
            bus.AddConsumer<MessagePostedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<ParticipantUpsertedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<ParticipantRemovedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<PresenceChangedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<ChatbotRepliedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<TakeoverGraceElapsedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
            bus.AddConsumer<DirectoryWaitElapsedConsumer>().Endpoint(e => e.Name = QueueNames.Router);
        });

        builder.Services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The switches are read inside the routing snapshot; the store itself is written by the email sender's admin API.
        builder.AddChannelSwitches();
        builder.Services.AddSingleton<RouterKeys>();
        builder.Services.AddSingleton<ParticipantDirectory>();
        builder.Services.AddSingleton<PresenceStore>();
        builder.Services.AddSingleton<RoutingSnapshotLoader>();
        builder.Services.AddSingleton<OfflineSessionClaims>();
        builder.Services.AddSingleton<HeldMessages>();
        builder.Services.AddSingleton<MessageRouter>();
        builder.Services.AddSingleton<Transcript.ConversationTranscript>();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
