using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Router.Fallback;
using Notifications.Router.Quiet;
using Notifications.Router.Holding;
using Notifications.Router.Window;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Routing;

/// <summary>
/// Routes one chat message: loads the snapshot, asks <see cref="NotificationRules"/>, then carries the decision
/// out: claims offline sessions (U2), keeps the fallback-only SMS and push (<see cref="FallbackHolds"/>), sends one command
/// per recipient and channel to that channel's queue (or into the channel's delay window, <see cref="DelayWindow"/>) and
/// publishes every suppression. Safe to run twice for the same message: ids are deterministic and senders
/// are idempotent on them.
/// </summary>
public sealed class MessageRouter(
    RoutingSnapshotLoader loader,
    OfflineSessionClaims sessions,
    IRoutingWaits waits,
    DelayWindow window,
    QuietHoursHold quietHours,
    FallbackHolds holds,
    DeliveryOutcomes outcomes,
    IOptions<RoutingOptions> options,
    IOptions<RouterEventsOptions> events,
    TimeProvider clock,
    ILogger<MessageRouter> logger)
{
    /// <param name="waited">What the message has waited for already (none when it comes from the platform).</param>
    /// <param name="escalationTier">Row E1's agents, when <paramref name="waited"/> is <see cref="ElapsedWaits.Escalated"/>.</param>
    public async Task RouteAsync(ConsumeContext context, MessagePosted message, ElapsedWaits? waited = null, IReadOnlyList<string>? escalationTier = null)
    {
        waited ??= ElapsedWaits.None;
        // An escalation's notifications are not the message's own: ids of their own, so senders do not take them as duplicates.
        var idBase = waited.Escalation ? message.MessageId + EscalationIdSuffix : message.MessageId;
        var decision = await DecideAsync(message, waited, escalationTier);
        if (decision.AwaitBotOutcome)
        {
            if (await waits.HoldForBotAsync(context, message))
                return;
            // The bot's outcome was recorded between the snapshot and the hold: decide with it now.
            decision = await DecideAsync(message, waited, escalationTier);
        }
        if (decision.AwaitDirectory)
        {
            await waits.WaitForDirectoryAsync(context, message, waited);
            return;
        }

        var commands = new List<Func<Task<Carried>>>(decision.Planned.Count);
        var heldForFallback = new List<RoutedNotification>();
        var suppressed = new List<SuppressedNotification>(decision.Suppressed);
        var fallbacks = new FallbackPlan(idBase);
        foreach (var planned in decision.Planned)
        {
            var notificationId = NotificationIds.For(idBase, planned.Recipient.Id, planned.Channel);
            if (planned.HeldForFallback)
            {
                // Sms:Mode / Push:Mode = Fallback: kept, sent only if this recipient's email fails for good.
                fallbacks.Hold(planned.Recipient.Id, planned.Channel, PendingOf(message, planned, notificationId));
                heldForFallback.Add(Routed(planned, notificationId));
                continue;
            }
            if (planned.OncePerOfflineSession && !await sessions.TryClaimAsync(planned.Recipient.Id, planned.Channel, notificationId))
            {
                suppressed.Add(new(planned.Recipient.Id, planned.Channel, "U2", SuppressionReasons.AlreadyNotifiedThisSession));
                // No email goes out for this message: if its SMS or push fails, the email stands in for it.
                if (planned.Channel == Channels.Email && decision.Planned.Any(p => p.Recipient.Id == planned.Recipient.Id && !p.HeldForFallback && p.Channel is Channels.Sms or Channels.Push))
                    fallbacks.Hold(planned.Recipient.Id, Channels.Email, PendingOf(message, planned, notificationId));
                continue;
            }
            if (planned.Channel == Channels.Email)
                fallbacks.EmailSent(planned.Recipient.Id, notificationId);
            if (quietHours.EndOfQuietHours(planned.Channel, planned.Recipient.Preferences) is { } quietEnd)
            {
                // Held for the catch-up summary, which publishes its own quiet-hours suppression naming it.
                commands.Add(() => HoldOrSendAsync(context, message, planned, notificationId, quietEnd));
                continue;
            }
            commands.Add(() => SendCommandAsync(context, message, planned, notificationId, fallbacks));
        }

        // Kept before any command goes: an email rejected at once must find its fallback held.
        await fallbacks.StoreAsync(holds);
        // Sent concurrently: the broker confirms them together instead of one round trip each (and the suppressions'
        // delivery log entries go to Redis meanwhile).
        var carrying = Task.WhenAll(commands.Select(send => send()));
        await Task.WhenAll(carrying, Task.WhenAll(suppressed.Select(s => PublishSuppressedAsync(context, message, idBase, s))));
        // Known only once each command is out or held: a notification late for its quiet hours' summary is sent after all.
        var carried = carrying.Result;
        var sent = carried.Where(c => c.Sent is not null).Select(c => c.Sent!).ToList();
        var held = carried.Where(c => c.Held is not null).Select(c => c.Held!).ToList();
        if (events.Value.MessageRouted)
            await context.Publish(RoutedMessages.Of(message, sent, suppressed, clock.GetUtcNow(), heldForFallback, held), context.CancellationToken);

        Activity.Current?.SetTag("notification.planned", decision.Planned.Count);
        Activity.Current?.SetTag("notification.suppressed", suppressed.Count);
        Activity.Current?.SetTag(NotificationsTelemetry.Outcome, decision.Planned.Count > 0 ? "routed" : "suppressed");
        logger.LogInformation("Message {MessageId} in {ConversationId}: {Sent} notifications sent, {Waiting} held in a delay window or quiet hours, {Suppressed} suppressed, {Held} held for a fallback",
            message.MessageId, message.ConversationId, sent.Count, held.Count, suppressed.Count, heldForFallback.Count);
    }

    /// <summary>Reads the snapshot and decides; a decision that falls back to A3 without every agent read is made again with them.</summary>
    private async Task<RoutingDecision> DecideAsync(MessagePosted message, ElapsedWaits waited, IReadOnlyList<string>? escalationTier)
    {
        var decision = NotificationRules.Decide(await loader.LoadAsync(message, waited, escalationTier: escalationTier), options.Value);
        return decision.NeedsEveryAgent
            ? NotificationRules.Decide(await loader.LoadAsync(message, waited, everyAgent: true, escalationTier), options.Value)
            : decision;
    }

    /// <summary>The command, now or when the channel's delay window ends (<see cref="DelayWindow"/>).</summary>
    /// <param name="fallbacks">Told the window an email joined: its grouped email's failure falls back once for the group.</param>
    private async Task<Carried> SendCommandAsync(ConsumeContext context, MessagePosted message, PlannedNotification planned, string notificationId, FallbackPlan? fallbacks = null)
    {
        var pending = PendingOf(message, planned, notificationId);
        if (!window.Holds(planned.Channel))
        {
            await ChannelCommands.SendAsync(context, planned.Channel, notificationId, planned.Rule, pending.Recipient, pending.Message, planned.OnlyWhileOffline);
            return new(Routed(planned, notificationId), null);
        }
        var (windowId, until) = await window.HoldAsync(context, planned.Channel, pending);
        if (fallbacks is not null && planned.Channel == Channels.Email)
            await fallbacks.EmailGroupedAsync(holds, planned.Recipient.Id, windowId);
        return new(null, HeldOf(planned, notificationId, HeldReasons.Window, until));
    }

    /// <summary>What became of one planned notification: its command went out, or it waits (<see cref="MessageRouted.Held"/>).</summary>
    private sealed record Carried(RoutedNotification? Sent, HeldNotification? Held);

    private static HeldNotification HeldOf(PlannedNotification planned, string notificationId, string reason, DateTimeOffset until) => new()
    {
        NotificationId = notificationId, RecipientId = planned.Recipient.Id, Channel = planned.Channel, Rule = planned.Rule, Reason = reason, Until = until,
    };

    private static RoutedNotification Routed(PlannedNotification planned, string notificationId) =>
        new() { NotificationId = notificationId, RecipientId = planned.Recipient.Id, Channel = planned.Channel, Rule = planned.Rule };

    /// <summary>Into the quiet hours' summary; a summary sent already (the message came late for it) does not hold it.</summary>
    private async Task<Carried> HoldOrSendAsync(ConsumeContext context, MessagePosted message, PlannedNotification planned, string notificationId, DateTimeOffset quietEnd) =>
        await quietHours.HoldAsync(context, planned.Channel, PendingOf(message, planned, notificationId), quietEnd)
            ? new(null, HeldOf(planned, notificationId, HeldReasons.QuietHours, quietEnd))
            : await SendCommandAsync(context, message, planned, notificationId);

    /// <summary>The notification as a command carries it, whether it goes now or waits (delay window, quiet hours).</summary>
    private static PendingNotification PendingOf(MessagePosted message, PlannedNotification planned, string notificationId) => new()
    {
        NotificationId = notificationId, Rule = planned.Rule, Recipient = planned.Recipient.ToRecipient(),
        Message = NotifiedMessages.Of(message), OnlyWhileOffline = planned.OnlyWhileOffline,
    };

    /// <summary>Appended to the message id for row E1's notification ids (<c>{messageId}:e1</c>).</summary>
    public const string EscalationIdSuffix = ":e1";

    private Task PublishSuppressedAsync(ConsumeContext context, MessagePosted message, string idBase, SuppressedNotification suppressed)
    {
        Activity.Current?.AddEvent(new ActivityEvent("notification suppressed", tags: new() { [NotificationsTelemetry.Channel] = suppressed.Channel, [NotificationsTelemetry.RecipientId] = suppressed.RecipientId, [NotificationsTelemetry.Rule] = suppressed.Rule, [NotificationsTelemetry.SuppressionReason] = suppressed.Reason }));
        return outcomes.SuppressedAsync(context,
            new OutcomeSubject(NotificationIds.For(idBase, suppressed.RecipientId, suppressed.Channel), suppressed.Channel, suppressed.RecipientId, message.ConversationId, message.MessageId),
            suppressed.Reason, suppressed.Rule, context.CancellationToken);
    }
}
