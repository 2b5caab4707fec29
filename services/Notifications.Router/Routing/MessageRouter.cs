using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Router.Quiet;
using Notifications.Router.Window;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Routing;

/// <summary>
/// Routes one chat message: loads the snapshot, asks <see cref="NotificationRules"/>, then carries the decision
/// out: claims offline sessions (U2), sends one command per recipient and channel to that channel's queue (or into
/// the channel's delay window, <see cref="DelayWindow"/>) and publishes every suppression. Safe to run twice for the same message: ids are deterministic and senders
/// are idempotent on them.
/// </summary>
public sealed class MessageRouter(
    RoutingSnapshotLoader loader,
    OfflineSessionClaims sessions,
    IRoutingWaits waits,
    DelayWindow window,
    QuietHoursHold quietHours,
    DeliveryOutcomes outcomes,
    IOptions<RoutingOptions> options,
    IOptions<RouterEventsOptions> events,
    TimeProvider clock,
    ILogger<MessageRouter> logger)
{
    /// <param name="waited">What the message has waited for already (none when it comes from the platform).</param>
    public async Task RouteAsync(ConsumeContext context, MessagePosted message, ElapsedWaits? waited = null)
    {
        waited ??= ElapsedWaits.None;
        var decision = await DecideAsync(message, waited);
        if (decision.AwaitBotOutcome)
        {
            if (await waits.HoldForBotAsync(context, message))
                return;
            // The bot's outcome was recorded between the snapshot and the hold: decide with it now.
            decision = await DecideAsync(message, waited);
        }
        if (decision.AwaitDirectory)
        {
            await waits.WaitForDirectoryAsync(context, message, waited);
            return;
        }

        var sends = new List<Task>(decision.Planned.Count);
        var sent = new List<RoutedNotification>(decision.Planned.Count);
        var suppressed = new List<SuppressedNotification>(decision.Suppressed);
        foreach (var planned in decision.Planned)
        {
            var notificationId = NotificationIds.For(message.MessageId, planned.Recipient.Id, planned.Channel);
            if (planned.OncePerOfflineSession && !await sessions.TryClaimAsync(planned.Recipient.Id, planned.Channel, notificationId))
            {
                suppressed.Add(new(planned.Recipient.Id, planned.Channel, "U2", SuppressionReasons.AlreadyNotifiedThisSession));
                continue;
            }
            if (quietHours.EndOfQuietHours(planned.Channel, planned.Recipient.Preferences) is { } quietEnd)
            {
                // Held for the catch-up summary, which publishes its own quiet-hours suppression naming it.
                sends.Add(HoldOrSendAsync(context, message, planned, notificationId, quietEnd));
                continue;
            }
            sends.Add(SendCommandAsync(context, message, planned, notificationId));
            sent.Add(new RoutedNotification { NotificationId = notificationId, RecipientId = planned.Recipient.Id, Channel = planned.Channel, Rule = planned.Rule });
        }

        // Sent concurrently: the broker confirms them together instead of one round trip each (and the suppressions'
        // delivery log entries go to Redis meanwhile).
        sends.AddRange(suppressed.Select(s => PublishSuppressedAsync(context, message, s)));
        if (events.Value.MessageRouted)
            sends.Add(context.Publish(RoutedMessages.Of(message, sent, suppressed, clock.GetUtcNow()), context.CancellationToken));
        await Task.WhenAll(sends);

        Activity.Current?.SetTag("notification.planned", decision.Planned.Count);
        Activity.Current?.SetTag("notification.suppressed", suppressed.Count);
        Activity.Current?.SetTag(NotificationsTelemetry.Outcome, decision.Planned.Count > 0 ? "routed" : "suppressed");
        logger.LogInformation("Message {MessageId} in {ConversationId}: {Sent} notifications sent, {Suppressed} suppressed",
            message.MessageId, message.ConversationId, sent.Count, suppressed.Count);
    }

    /// <summary>Reads the snapshot and decides; a decision that falls back to A3 without every agent read is made again with them.</summary>
    private async Task<RoutingDecision> DecideAsync(MessagePosted message, ElapsedWaits waited)
    {
        var decision = NotificationRules.Decide(await loader.LoadAsync(message, waited), options.Value);
        return decision.NeedsEveryAgent
            ? NotificationRules.Decide(await loader.LoadAsync(message, waited, everyAgent: true), options.Value)
            : decision;
    }

    /// <summary>The command, now or when the channel's delay window ends (<see cref="DelayWindow"/>).</summary>
    private Task SendCommandAsync(ConsumeContext context, MessagePosted message, PlannedNotification planned, string notificationId)
    {
        var pending = PendingOf(message, planned, notificationId);
        return window.Holds(planned.Channel)
            ? window.HoldAsync(context, planned.Channel, pending)
            : ChannelCommands.SendAsync(context, planned.Channel, notificationId, planned.Rule, pending.Recipient, pending.Message, planned.OnlyWhileOffline);
    }

    /// <summary>Into the quiet hours' summary; a summary sent already (the message came late for it) does not hold it.</summary>
    private async Task HoldOrSendAsync(ConsumeContext context, MessagePosted message, PlannedNotification planned, string notificationId, DateTimeOffset quietEnd)
    {
        if (!await quietHours.HoldAsync(context, planned.Channel, PendingOf(message, planned, notificationId), quietEnd))
            await SendCommandAsync(context, message, planned, notificationId);
    }

    /// <summary>The notification as a command carries it, whether it goes now or waits (delay window, quiet hours).</summary>
    private static PendingNotification PendingOf(MessagePosted message, PlannedNotification planned, string notificationId) => new()
    {
        NotificationId = notificationId, Rule = planned.Rule, Recipient = planned.Recipient.ToRecipient(),
        Message = NotifiedMessages.Of(message), OnlyWhileOffline = planned.OnlyWhileOffline,
    };

    private Task PublishSuppressedAsync(ConsumeContext context, MessagePosted message, SuppressedNotification suppressed)
    {
        Activity.Current?.AddEvent(new ActivityEvent("notification suppressed", tags: new() { [NotificationsTelemetry.Channel] = suppressed.Channel, [NotificationsTelemetry.RecipientId] = suppressed.RecipientId, [NotificationsTelemetry.Rule] = suppressed.Rule, [NotificationsTelemetry.SuppressionReason] = suppressed.Reason }));
        return outcomes.SuppressedAsync(context,
            new OutcomeSubject(NotificationIds.For(message.MessageId, suppressed.RecipientId, suppressed.Channel), suppressed.Channel, suppressed.RecipientId, message.ConversationId, message.MessageId),
            suppressed.Reason, suppressed.Rule, context.CancellationToken);
    }
}
