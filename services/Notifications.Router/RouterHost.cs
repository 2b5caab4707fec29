using Notifications.ConsumerHealth;
using Notifications.Scheduling;
using Notifications.Scheduling.Redelivery;
using Notifications.Delivery;
using MassTransit;
using Notifications.EventValidation;
using Notifications.Router.Consumers;
using Notifications.Router.Replies;
using Notifications.Router.Directory;
using Notifications.Router.Escalation;
using Notifications.Router.Fallback;
using Notifications.Router.Presence;
using Notifications.Router.Routing;
using Notifications.Router.Transcript;
using Notifications.Router.Waits;
using Notifications.Router.Quiet;
using Notifications.Router.Window;
using Notifications.ServiceDefaults;
using Notifications.SharedState.ChannelSwitches;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Erasure;
using Notifications.SharedState.OptOuts;
using Notifications.SharedState.Presence;
using Notifications.SharedState.Seen;

namespace Notifications.Router;

/// <summary>Composes the router; Program.cs and the integration tests both build it through here.</summary>
public static class RouterHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // The router ends notifications only by suppressing them; it sends nothing itself, so it needs no ledger.
        builder.AddDeliveryOutcomes();
        // Each consumer's definition puts it on the router's one queue (QueueNames.Router).
        // Kill switch and stall detection on every receive endpoint (Notifications.ConsumerHealth).
        builder.AddConsumerHealth();
        builder.AddNotificationsBus(bus =>
        {
            bus.AddConsumer<MessagePostedConsumer, MessagePostedConsumerDefinition>();
            bus.AddConsumer<ParticipantUpsertedConsumer, ParticipantUpsertedConsumerDefinition>();
            bus.AddConsumer<ParticipantRemovedConsumer, ParticipantRemovedConsumerDefinition>();
            bus.AddConsumer<PresenceChangedConsumer, PresenceChangedConsumerDefinition>();
            bus.AddConsumer<ChatbotRepliedConsumer, ChatbotRepliedConsumerDefinition>();
            bus.AddConsumer<ConversationSeenConsumer, ConversationSeenConsumerDefinition>();
            // Opt-outs the gateway (unsubscribe) and the SMS sender (STOP, START) publish: the router stores them.
            bus.AddConsumer<ParticipantOptedOutConsumer, ParticipantOptedOutConsumerDefinition>();
            bus.AddConsumer<ParticipantOptedInConsumer, ParticipantOptedInConsumerDefinition>();
            bus.AddConsumer<TakeoverGraceElapsedConsumer, TakeoverGraceElapsedConsumerDefinition>();
            bus.AddConsumer<DirectoryWaitElapsedConsumer, DirectoryWaitElapsedConsumerDefinition>();
            bus.AddConsumer<DelayWindowElapsedConsumer, DelayWindowElapsedConsumerDefinition>();
            bus.AddConsumer<QuietHoursEndedConsumer, QuietHoursEndedConsumerDefinition>();
            bus.AddConsumer<EscalationDueConsumer, EscalationDueConsumerDefinition>();
            // Failures on a queue of their own (notifications-router-outcomes): fallbacks and bad-address marks.
            bus.AddConsumer<NotificationFailedConsumer, NotificationFailedConsumerDefinition>();
            // Replies by SMS and email, on the same queue: into the delivery log for the console's thread view.
            bus.AddConsumer<RepliesInDeliveryLog, RepliesInDeliveryLogDefinition>();
        });

        builder.Services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The ladder is declared in the background (retried while the broker is down); a message that must wait is held until then.
        builder.AddRouterWaits();
        // Redis away for long: the platform's events, and the failures a fallback waits on, come back through the delay ladder rather than the error queue.
        builder.AddDelayedRedelivery(QueueNames.Router, QueueNames.RouterOutcomes);
        // The switches are read inside the routing snapshot; the store itself is written by the email sender's admin API.
        builder.AddChannelSwitches();
        builder.Services.AddOptions<MessageLimits>()
            .BindConfiguration(MessageLimits.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RouterEventsOptions>().BindConfiguration(RouterEventsOptions.Section);
        builder.Services.AddPresenceOptions();
        builder.Services.AddSingleton<EventClock>();
        builder.Services.AddSingleton<RouterKeys>();
        builder.Services.AddSingleton<ParticipantDirectory>();
        builder.Services.AddParticipantErasure();
        builder.Services.AddOptOuts();
        builder.Services.AddSingleton<PresenceStore>();
        builder.Services.AddSingleton<ConversationSeenStore>();
        builder.Services.AddDelayWindows();
        builder.Services.AddQuietHours();
        builder.Services.AddChannelFallback();
        builder.Services.AddEscalation();
        builder.Services.AddSingleton<RoutingSnapshotLoader>();
        builder.Services.AddSingleton<OfflineSessionClaims>();
        builder.Services.AddSingleton<MessageRouter>();
        builder.Services.AddSingleton<ConversationTranscript>();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
