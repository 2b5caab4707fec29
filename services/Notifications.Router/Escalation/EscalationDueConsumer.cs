using MassTransit;
using Notifications.Router.Routing;

namespace Notifications.Router.Escalation;

/// <summary>
/// An escalation timer's note is back: when its stretch is still unanswered (and not escalated yet), the held message
/// is decided again by row E1 alone, for the next tier (<see cref="EscalationTier"/>).
/// </summary>
public sealed class EscalationDueConsumer(EscalationTimers timers, EscalationTier tier, MessageRouter router, ILogger<EscalationDueConsumer> logger) : IConsumer<EscalationDue>
{
    public async Task Consume(ConsumeContext<EscalationDue> context)
    {
        var due = context.Message;
        if (!await timers.ClaimAsync(due))
        {
            logger.LogDebug("Escalation of {MessageId} in {ConversationId}: answered or read in time", due.MessageId, due.ConversationId);
            return;
        }
        var agents = await tier.AgentsAsync(due.Message);
        logger.LogInformation("Message {MessageId} in {ConversationId} was not answered in time: escalated to {Agents} agents",
            due.MessageId, due.ConversationId, agents.Count);
        await router.RouteAsync(context, due.Message, ElapsedWaits.Escalated, agents);
    }
}
