using Notifications.Contracts;

namespace Notifications.Gateway.Ingest;

/// <summary>The events a platform may post to <c>/events/{name}</c>: what it would otherwise publish to the broker.</summary>
public static class IngestEvents
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [nameof(MessagePosted)] = typeof(MessagePosted),
        [nameof(ParticipantUpserted)] = typeof(ParticipantUpserted),
        [nameof(ParticipantRemoved)] = typeof(ParticipantRemoved),
        [nameof(PresenceChanged)] = typeof(PresenceChanged),
        [nameof(ChatbotReplied)] = typeof(ChatbotReplied),
        [nameof(ConversationSeen)] = typeof(ConversationSeen),
    };
}
