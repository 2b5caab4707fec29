using Notifications.Contracts;
using Notifications.Router.Holding;

namespace Notifications.Router.Quiet;

/// <summary>
/// What a catch-up summary answers for: how many messages were held, in how many conversations, since when. The
/// senders put it in words (<c>CatchUpSummary</c> in the commands); the router sends only the counts.
/// </summary>
public static class CatchUpSummaryOf
{
    /// <summary>Who the summary's message names as its sender: the senders show the summary, not a message from it.</summary>
    public static readonly MessageSender Sender = new() { Id = "quiet-hours", Role = ParticipantRoles.Bot, Name = "While you were away" };

    /// <param name="held">The held notifications still wanted, oldest message first.</param>
    public static CatchUpSummary For(IReadOnlyList<PendingNotification> held, DateTimeOffset until) => new()
    {
        Messages = held.Select(p => p.Message.MessageId).Distinct(StringComparer.Ordinal).Count(),
        Conversations = held.Select(p => p.Message.ConversationId).Distinct(StringComparer.Ordinal).Count(),
        Since = held.Min(p => p.Message.PostedAt),
        Until = until,
    };
}
