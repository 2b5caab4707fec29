using Notifications.Contracts;
using Notifications.Router.Window;

namespace Notifications.Router.Fallback;

/// <summary>
/// What one message's decision keeps for fallbacks, per recipient, collected while the router carries it out and
/// stored (<see cref="FallbackHolds"/>) before any command goes: the fallback-only SMS and push, the email kept when
/// none went out, and which email a failure would be of.
/// </summary>
internal sealed class FallbackPlan(MessagePosted message)
{
    private readonly Dictionary<string, List<HeldCommand>> held = [];
    private readonly Dictionary<string, string> emails = [];

    public void Hold(string recipientId, string channel, PendingNotification pending)
    {
        if (!held.TryGetValue(recipientId, out var commands))
            held[recipientId] = commands = [];
        commands.Add(new HeldCommand(channel, pending));
    }

    /// <summary>The recipient's email goes out under this id: its failure claims their fallback.</summary>
    public void EmailSent(string recipientId, string notificationId) => emails[recipientId] = notificationId;

    public Task StoreAsync(FallbackHolds holds) =>
        Task.WhenAll(held.Select(each => holds.HoldAsync(message.MessageId, each.Key, each.Value, emails.GetValueOrDefault(each.Key))));

    /// <summary>The recipient's email joined a delay window: the window's grouped email answers for it.</summary>
    public Task EmailGroupedAsync(FallbackHolds holds, string recipientId, string windowId) =>
        held.ContainsKey(recipientId) && emails.GetValueOrDefault(recipientId) != windowId
            ? holds.GroupAsync(message.MessageId, recipientId, windowId)
            : Task.CompletedTask;
}
