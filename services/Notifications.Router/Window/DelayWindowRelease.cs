using System.Diagnostics.Metrics;
using MassTransit;
using Notifications.Delivery;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.Seen;

namespace Notifications.Router.Window;

/// <summary>
/// A delay window is over: takes it atomically and carries it out. The messages the recipient read before the end
/// (<c>ConversationSeen</c> at or after their <c>postedAt</c>) are suppressed as <c>seen</c>, on every channel and
/// whatever the row; the rest go out as one command that answers for all of them (its id is the first's). A router
/// that dies half way takes the same window again when the note is redelivered: the command carries the same ids,
/// which the senders' ledger sends once.
/// </summary>
public sealed class DelayWindowRelease(PendingWindows windows, ConversationSeenStore seen, DeliveryOutcomes outcomes, ILogger<DelayWindowRelease> logger)
{
    private static readonly Counter<long> Released = NotificationsTelemetry.Meter.CreateCounter<long>("notifications.router.window.released", description: "Delay windows that ended, by whether a command went out");

    public async Task ReleaseAsync(ConsumeContext context, DelayWindowElapsed note)
    {
        var pending = await windows.TakeAsync(note);
        if (pending is null)
        {
            logger.LogDebug("Delay window {WindowId} was released before; its repeated note does nothing", note.WindowId);
            return;
        }

        var seenAt = await seen.SeenAtAsync(note.RecipientId, note.ConversationId);
        var (read, unread) = Split(pending, seenAt);
        var sends = read.Select(p => outcomes.SuppressedAsync(context,
            new OutcomeSubject(p.NotificationId, note.Channel, note.RecipientId, p.Message.ConversationId, p.Message.MessageId),
            SuppressionReasons.Seen, p.Rule, context.CancellationToken)).ToList();
        if (unread.Count > 0)
            sends.Add(SendGroupedAsync(context, note.Channel, unread));
        await Task.WhenAll(sends);
        WindowMetrics.PendingCounted(note.Channel, await windows.DoneAsync(note.Channel, note.WindowId));

        Released.Add(1, new(NotificationsTelemetry.Channel, note.Channel), new(NotificationsTelemetry.Outcome, unread.Count > 0 ? "sent" : "seen"));
        logger.LogInformation("Delay window {WindowId} ({Channel}, {RecipientId} in {ConversationId}) ended: {Sent} notifications in one command, {Seen} seen",
            note.WindowId, note.Channel, note.RecipientId, note.ConversationId, unread.Count, read.Count);
    }

    /// <summary>The window's notifications the recipient had read by its end, and the others (both oldest first).</summary>
    public static (IReadOnlyList<PendingNotification> Read, IReadOnlyList<PendingNotification> Unread) Split(IReadOnlyList<PendingNotification> pending, DateTimeOffset? seenAt) =>
        (pending.Where(p => ConversationSeenStore.WasSeen(seenAt, p.Message.PostedAt)).ToList(),
         pending.Where(p => !ConversationSeenStore.WasSeen(seenAt, p.Message.PostedAt)).ToList());

    /// <summary>
    /// One command for the unread notifications: the first one's id, rule and message, the later ones grouped, and the
    /// latest contact details. Offline-only (<c>Email:CancelIfOnline</c>) only when every one of them is.
    /// </summary>
    private static Task SendGroupedAsync(ConsumeContext context, string channel, IReadOnlyList<PendingNotification> unread)
    {
        var first = unread[0];
        var grouped = unread.Skip(1).Select(p => new Contracts.GroupedNotification { NotificationId = p.NotificationId, Message = p.Message }).ToList();
        return ChannelCommands.SendAsync(context, channel, first.NotificationId, first.Rule, unread[^1].Recipient, first.Message,
            unread.All(p => p.OnlyWhileOffline), grouped);
    }
}
