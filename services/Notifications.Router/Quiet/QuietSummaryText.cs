using Notifications.Contracts;
using Notifications.Router.Window;

namespace Notifications.Router.Quiet;

/// <summary>What a catch-up summary says: how many messages were missed, in how many conversations.</summary>
public static class QuietSummaryText
{
    /// <summary>Who the summary reads as from: the senders show "{name}: {text}".</summary>
    public static readonly MessageSender Sender = new() { Id = "quiet-hours", Role = ParticipantRoles.Bot, Name = "While you were away" };

    public static string For(IReadOnlyList<PendingNotification> held)
    {
        var messages = held.Select(p => p.Message.MessageId).Distinct(StringComparer.Ordinal).Count();
        var conversations = held.Select(p => p.Message.ConversationId).Distinct(StringComparer.Ordinal).Count();
        return $"{messages} new {(messages == 1 ? "message" : "messages")} in {conversations} {(conversations == 1 ? "conversation" : "conversations")}";
    }
}
