using Notifications.Router.Holding;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Window;

/// <summary>
/// The open delay windows: the <c>window</c> family of <see cref="HeldNotifications"/>, one hold per channel, recipient
/// and conversation (<c>window:{channel}:{recipientId}:{conversationId}</c>), its id that of its first notification.
/// A notification that comes after its window was taken opens a new one.
/// </summary>
public sealed class PendingWindows(IConnectionMultiplexer redis, RedisKeys keys)
{
    private readonly HeldNotifications held = new(redis, keys, HeldFamily.Window);

    public static string WindowKey(string channel, string recipientId, string conversationId) => $"window:{channel}:{recipientId}:{conversationId}";

    public RedisKey PendingCount(string channel) => held.PendingCount(channel);

    /// <summary>Puts the notification into its window, opening one if none is open.</summary>
    /// <param name="until">When the window ends if this notification opens it.</param>
    /// <returns>The window's id, whether its note still has to be sent (a new window, or one whose note a crash cut
    /// off), how many notifications now wait in the channel's windows, and when the window ends.</returns>
    public async Task<(string WindowId, bool NeedsNote, long Pending, DateTimeOffset Until)> AddAsync(string channel, PendingNotification pending, TimeSpan window, DateTimeOffset until)
    {
        var result = await held.AddAsync(WindowKey(channel, pending.Recipient.Id, pending.Message.ConversationId), channel, pending,
            openingId: pending.NotificationId, until, window);
        return (result.Id!, result.NeedsNote, result.Pending, result.Until);
    }

    /// <summary>Records that the window's note is on the ladder, so later notifications of the window do not send another.</summary>
    public Task NotedAsync(DelayWindowElapsed note) => held.NotedAsync(WindowKey(note.Channel, note.RecipientId, note.ConversationId), note.WindowId);

    /// <summary>Takes the window the note is for: its notifications, oldest message first; null when it was released already.</summary>
    public Task<IReadOnlyList<PendingNotification>?> TakeAsync(DelayWindowElapsed note) =>
        held.TakeAsync(WindowKey(note.Channel, note.RecipientId, note.ConversationId), note.Channel, note.WindowId);

    /// <summary>The window's command or suppressions are out: forget it, and ignore any later note for it.</summary>
    /// <returns>How many notifications still wait in the channel's windows.</returns>
    public Task<long> DoneAsync(string channel, string windowId) => held.DoneAsync(channel, windowId);
}
