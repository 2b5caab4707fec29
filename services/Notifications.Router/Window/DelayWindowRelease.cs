using System.Diagnostics.Metrics;
using MassTransit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Router.Fallback;
using Notifications.Router.Holding;
using Notifications.Router.Preferences;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.Seen;

namespace Notifications.Router.Window;

/// <summary>
/// A delay window is over: takes it atomically and carries it out. The messages the recipient read before the end
/// (<c>ConversationSeen</c> at or after their <c>postedAt</c>) are suppressed as <c>seen</c>, on every channel and
/// whatever the row. The rest are checked against the recipient's choices as they are now (<see cref="ChoicesAtRelease"/>):
/// an opt-out, a mute or a bounced address that came while they waited suppresses them with that reason; otherwise they
/// go out as one command that answers for all of them (its id is the first's). An email suppressed here leaves no
/// failure for its held SMS and push to wait for: <see cref="FallbackSender.EmailSuppressedAtReleaseAsync"/> ends them
/// (dropped as <c>seen</c>, or sent as its fallback for any other reason: one SMS and one push for the window). A router
/// that dies half way takes the same window again when the note is redelivered: the command carries the same ids,
/// which the senders' ledger sends once.
/// </summary>
public sealed class DelayWindowRelease(PendingWindows windows, ConversationSeenStore seen, ChoicesAtRelease choices, DeliveryOutcomes outcomes,
    FallbackSender fallbacks, ILogger<DelayWindowRelease> logger)
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

        var seenAt = seen.SeenAtAsync(note.RecipientId, note.ConversationId);
        var recipient = choices.RecipientAsync(note.RecipientId);
        var (read, unread) = Split(pending, await seenAt);
        // Every notification of a window has the same recipient, channel and conversation: one answer for all of them.
        var unwanted = unread.Count > 0 ? ChoicesAtRelease.Suppression(await recipient, note.ConversationId, note.Channel) : null;
        // An email that will never go leaves no failure to fall back on: what was held beside it ends now. What the
        // reader saw is dropped before the grouped email goes, so its failure (which falls back for the whole window)
        // finds nothing of the seen messages left to send.
        if (note.Channel == Channels.Email)
            await fallbacks.EmailSuppressedAtReleaseAsync(context, note.WindowId, read.Select(p => SubjectOf(note, p)).ToList(), SuppressionReasons.Seen);
        var sends = read.Select(p => SuppressAsync(context, note, p, SuppressionReasons.Seen)).ToList();
        if (unwanted is not null)
            sends.AddRange(unread.Select(p => SuppressAsync(context, note, p, unwanted)));
        else if (unread.Count > 0)
            sends.Add(SendGroupedAsync(context, note.Channel, unread));
        await Task.WhenAll(sends);
        if (note.Channel == Channels.Email && unwanted is not null)
            await fallbacks.EmailSuppressedAtReleaseAsync(context, note.WindowId, unread.Select(p => SubjectOf(note, p)).ToList(), unwanted);
        await windows.DoneAsync(note.Channel, note.WindowId);

        var outcome = unread.Count == 0 ? "seen" : unwanted ?? "sent";
        Released.Add(1, new(NotificationsTelemetry.Channel, note.Channel), new(NotificationsTelemetry.Outcome, outcome));
        logger.LogInformation("Delay window {WindowId} ({Channel}, {RecipientId} in {ConversationId}) ended ({Outcome}): {Unread} unread notifications, {Seen} seen",
            note.WindowId, note.Channel, note.RecipientId, note.ConversationId, outcome, unread.Count, read.Count);
    }

    private Task SuppressAsync(ConsumeContext context, DelayWindowElapsed note, PendingNotification pending, string reason) =>
        outcomes.SuppressedAsync(context, SubjectOf(note, pending), reason, pending.Rule, context.CancellationToken);

    private static OutcomeSubject SubjectOf(DelayWindowElapsed note, PendingNotification pending) =>
        new(pending.NotificationId, note.Channel, note.RecipientId, pending.Message.ConversationId, pending.Message.MessageId);

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
