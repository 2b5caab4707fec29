using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Router.Escalation;

/// <summary>
/// One escalation timer per conversation (row E1), kept in Redis under <c>escalation:{conversationId}</c> and carried
/// by a note through the delay ladder, so nothing waits in memory and a restart loses no timer. The first user message
/// of an unanswered stretch starts it (SET NX: later ones in the stretch start nothing); an agent's public reply or
/// an agent's read ends the stretch (the key is deleted and the note, when it comes back, finds nothing).
/// </summary>
public sealed class EscalationTimers(
    IConnectionMultiplexer redis,
    RouterKeys keys,
    DelayedDelivery delayed,
    IOptions<RoutingOptions> options,
    ILogger<EscalationTimers> logger)
{
    /// <summary>Kept a while past the wait, so a note delayed by a busy queue still finds its key; then it expires by itself.</summary>
    private static readonly TimeSpan KeyMargin = TimeSpan.FromMinutes(5);

    // Deletes the key only when it still names this message: the note fires once, and never for a newer stretch.
    private const string ClaimScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private int WaitSeconds => options.Value.EscalateAfterSeconds;

    public bool Enabled => WaitSeconds > 0;

    /// <summary>Starts or ends the conversation's stretch as the message says; nothing when escalation is off.</summary>
    public async Task OnMessageAsync(ConsumeContext context, MessagePosted message)
    {
        if (WaitSeconds <= 0 || NotificationRules.IsInternalNote(message))
            return;
        if (message.Sender.Role == ParticipantRoles.Agent)
        {
            await AnsweredAsync(message.ConversationId);
            return;
        }
        if (message.Sender.Role != ParticipantRoles.User)
            return;

        var wait = TimeSpan.FromSeconds(WaitSeconds);
        if (!await redis.GetDatabase().StringSetAsync(keys.Escalation(message.ConversationId), message.MessageId, wait + KeyMargin, When.NotExists))
            return;
        var note = new EscalationDue { ConversationId = message.ConversationId, MessageId = message.MessageId, Message = message };
        try
        {
            await delayed.SendAsync(context, QueueNames.Router, wait, note, context.CancellationToken);
        }
        catch
        {
            // No note, no timer: the key goes too, so the message's redelivery starts the timer again.
            await redis.GetDatabase().KeyDeleteAsync(keys.Escalation(message.ConversationId), CommandFlags.None);
            throw;
        }
        logger.LogInformation("Message {MessageId} in {ConversationId} starts an escalation timer of {WaitSeconds} s",
            message.MessageId, message.ConversationId, WaitSeconds);
    }

    /// <summary>An agent answered or read the conversation: its stretch is over.</summary>
    public async Task AnsweredAsync(string conversationId)
    {
        if (WaitSeconds > 0)
            await redis.GetDatabase().KeyDeleteAsync(keys.Escalation(conversationId));
    }

    /// <summary>True once, for the note of a stretch still unanswered; the key is gone afterwards.</summary>
    public async Task<bool> ClaimAsync(EscalationDue due) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [keys.Escalation(due.ConversationId)], [due.MessageId]) == 1;
}
