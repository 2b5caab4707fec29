using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>
/// Checks a <c>ConversationSeen</c>: the participant and conversation name the pending notifications it may suppress
/// (and a Redis key), and without its time it could not be compared with the messages' times.
/// </summary>
public sealed class ConversationSeenValidator : IMessageValidator<ConversationSeen>
{
    public string? Problem(ConversationSeen seen)
    {
        if (IdValidator.Problem(seen.ParticipantId, "participantId") is { } participantId)
            return "Invalid ConversationSeen: " + participantId;
        if (IdValidator.Problem(seen.ConversationId, "conversationId", allowColon: true) is { } conversationId)
            return $"Invalid ConversationSeen for {IdValidator.Shown(seen.ParticipantId)}: " + conversationId;
        if (seen.SeenAt == default)
            return $"Invalid ConversationSeen for {seen.ParticipantId} in {IdValidator.Shown(seen.ConversationId)}: seenAt is required (ISO-8601 with offset).";
        return null;
    }
}
