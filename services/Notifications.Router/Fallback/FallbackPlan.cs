using Notifications.Contracts;
using Notifications.Router.Holding;

namespace Notifications.Router.Fallback;

/// <summary>
/// What one message's decision keeps for fallbacks, per recipient, collected while the router carries it out and
/// stored (<see cref="FallbackHolds"/>) before any command goes: the fallback-only SMS and push, the email kept when
/// none went out, and which email a failure would be of. Keyed by the notifications' id base (the message id, or row
/// E1's <c>{messageId}:e1</c>), so an escalation's holds never mix with the message's own for the same agent.
/// </summary>
internal sealed class FallbackPlan(string idBase)
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
        Task.WhenAll(held.Select(each => holds.HoldAsync(idBase, each.Key, each.Value, emails.GetValueOrDefault(each.Key))));

    /// <summary>The recipient's email joined a delay window: the window's grouped email answers for it (the window's
    /// first message too, whose hold names the window already: the window lists every message it answers for).</summary>
    public Task EmailGroupedAsync(FallbackHolds holds, string recipientId, string windowId) =>
        held.ContainsKey(recipientId) ? holds.GroupAsync(idBase, recipientId, windowId) : Task.CompletedTask;
}
