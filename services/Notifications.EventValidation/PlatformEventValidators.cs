using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>The validator of each event a platform may publish, for code that holds an event of any of those types.</summary>
public static class PlatformEventValidators
{
    /// <summary>Why the event cannot be accepted, worded as the error queue would show it; null when it can.</summary>
    public static string? ProblemOf(object message, MessageLimits limits) => message switch
    {
        MessagePosted posted => new MessagePostedValidator(limits).Problem(posted),
        ParticipantUpserted upserted => new ParticipantUpsertedValidator().Problem(upserted),
        ParticipantRemoved removed => new ParticipantRemovedValidator().Problem(removed),
        PresenceChanged presence => new PresenceChangedValidator().Problem(presence),
        ChatbotReplied reply => new ChatbotRepliedValidator().Problem(reply),
        ConversationSeen seen => new ConversationSeenValidator().Problem(seen),
        _ => null,
    };
}
