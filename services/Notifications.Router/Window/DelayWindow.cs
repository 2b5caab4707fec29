using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Router.Holding;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Window;

/// <summary>
/// Holds a decided notification in its channel's delay window instead of sending its command. The first notification
/// of a window sends one note through the delay ladder (<see cref="DelayedDelivery"/>); the others only join the
/// window in Redis. Nothing waits in memory and no consumer is held: a restart of the router loses nothing.
/// </summary>
public sealed class DelayWindow(PendingWindows windows, DelayedDelivery delayed, IOptions<DelayWindowOptions> options, TimeProvider clock, ILogger<DelayWindow> logger)
{
    private static readonly Counter<long> Held = NotificationsTelemetry.Meter.CreateCounter<long>("notifications.router.window.held", description: "Notifications the router put into a delay window");

    /// <summary>False for a channel whose window is 0: its command goes out at once, as before windows existed.</summary>
    public bool Holds(string channel) => options.Value.WindowOf(channel) > TimeSpan.Zero;

    /// <returns>The window's id (its first notification's, the id of the command that will answer for it) and when it ends.</returns>
    public async Task<(string WindowId, DateTimeOffset Until)> HoldAsync(ConsumeContext context, string channel, PendingNotification pending)
    {
        var window = options.Value.WindowOf(channel);
        var (windowId, needsNote, _, until) = await windows.AddAsync(channel, pending, window, clock.GetUtcNow() + window);
        Held.Add(1, new KeyValuePair<string, object?>(NotificationsTelemetry.Channel, channel));
        Activity.Current?.AddEvent(new ActivityEvent("notification held", tags: new() { [NotificationsTelemetry.NotificationId] = pending.NotificationId, [NotificationsTelemetry.Channel] = channel }));
        if (!needsNote)
        {
            logger.LogInformation("Notification {NotificationId} joins the open {Channel} window {WindowId} of {RecipientId} in {ConversationId}",
                pending.NotificationId, channel, windowId, pending.Recipient.Id, pending.Message.ConversationId);
            return (windowId, until);
        }
        // A redelivered message whose first attempt died before the note was recorded sends it again: the window's
        // end is idempotent (window-done), so a second note does nothing.
        var note = new DelayWindowElapsed { Channel = channel, RecipientId = pending.Recipient.Id, ConversationId = pending.Message.ConversationId, WindowId = windowId };
        await delayed.SendAsync(context, QueueNames.Router, window, note, context.CancellationToken);
        await windows.NotedAsync(note);
        logger.LogInformation("Notification {NotificationId} opens a {Seconds} s {Channel} window for {RecipientId} in {ConversationId}",
            pending.NotificationId, window.TotalSeconds, channel, pending.Recipient.Id, pending.Message.ConversationId);
        return (windowId, until);
    }
}
