using MassTransit;
using Notifications.Contracts;
using Notifications.EventValidation;
using Notifications.Router.Directory;
using Notifications.Router.Escalation;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Seen;

namespace Notifications.Router.Consumers;

/// <summary>
/// Stores when a participant read a conversation, and ends an unanswered stretch's escalation timer when an agent read it.
/// No notification is cancelled here: a delay window looks at the stored time
/// when it ends, so a read that comes after the window's notification went out changes nothing.
/// </summary>
public sealed class ConversationSeenConsumer(ConversationSeenStore seen, EventClock eventClock, EscalationTimers escalation, ParticipantDirectory directory, ILogger<ConversationSeenConsumer> logger) : IConsumer<ConversationSeen>
{
    private static readonly ConversationSeenValidator Validator = new();

    public async Task Consume(ConsumeContext<ConversationSeen> context)
    {
        var read = context.Message;
        Validator.EnsureValid(read);
        // A seenAt from a clock ahead of ours counts as now: it must not mark as seen messages posted after the event.
        var seenAt = eventClock.NotAfterNow(read.SeenAt);
        // Row E1: an agent who read the conversation ends its unanswered stretch (a user's own read does not).
        if (escalation.Enabled && (await directory.FindAsync(read.ParticipantId))?.IsAgent == true)
            await escalation.AnsweredAsync(read.ConversationId);
        if (!await seen.RecordAsync(read.ParticipantId, read.ConversationId, seenAt))
            logger.LogDebug("ConversationSeen {ParticipantId} in {ConversationId} at {SeenAt:o}: a later read is stored", read.ParticipantId, read.ConversationId, seenAt);
    }
}
