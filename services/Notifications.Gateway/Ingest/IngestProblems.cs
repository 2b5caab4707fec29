using System.Text.Json;
using Notifications.Contracts;

namespace Notifications.Gateway.Ingest;

/// <summary>
/// Why a posted event cannot be accepted, in the words a platform developer needs: the field by its JSON name. The
/// router applies its own, fuller validation to everything it consumes; these checks refuse at the door what the
/// router would only put in its error queue, so the platform hears of it in the HTTP answer.
/// </summary>
public static class IngestProblems
{
    /// <summary>System.Text.Json's message, with its <c>$.</c> path prefix dropped so the field reads as the platform wrote it.</summary>
    public static string Describe(JsonException failure)
    {
        var message = failure.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        return failure.Path is { Length: > 2 } path ? $"{path[2..]}: {reason}" : reason;
    }

    public static string? Check(object message) => message switch
    {
        MessagePosted posted => Required(posted.MessageId, "messageId") ?? Required(posted.ConversationId, "conversationId")
            ?? Required(posted.Sender?.Id, "sender.id") ?? Required(posted.Sender?.Role, "sender.role")
            ?? Required(posted.Conversation?.UserId, "conversation.userId")
            ?? (posted.PostedAt == default ? "postedAt is required (ISO-8601 with offset)." : null),
        ParticipantUpserted upserted => Required(upserted.ParticipantId, "participantId") ?? Required(upserted.Role, "role") ?? Required(upserted.Name, "name"),
        ParticipantRemoved removed => Required(removed.ParticipantId, "participantId"),
        PresenceChanged presence => Required(presence.ParticipantId, "participantId") ?? (presence.At == default ? "at is required (ISO-8601 with offset)." : null),
        ChatbotReplied reply => Required(reply.MessageId, "messageId"),
        _ => null,
    };

    private static string? Required(string? value, string field) => string.IsNullOrWhiteSpace(value) ? $"{field} is required." : null;
}
