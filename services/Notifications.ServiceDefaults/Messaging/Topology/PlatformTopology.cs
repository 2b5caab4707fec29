using Notifications.Contracts;
using RabbitMQ.Client;

namespace Notifications.ServiceDefaults.Messaging.Topology;

/// <summary>
/// The part of the broker's topology a publisher needs before any consumer ran: an exchange with no queue bound
/// discards what it confirms, so an event a platform published before the router ever started would be lost. The
/// declarations are exactly MassTransit's own (fanout, durable exchanges named after the queue and after each message
/// type, the type exchange bound to the queue's exchange, a durable queue, a quorum queue with
/// <c>Messaging:QuorumQueues</c>), so a service that starts later finds them as it would have made them.
/// </summary>
public static class PlatformTopology
{
    /// <summary>The events the platform publishes, each bound to the router's queue.</summary>
    public static readonly IReadOnlyList<Type> PlatformEvents =
        [typeof(MessagePosted), typeof(ParticipantUpserted), typeof(ParticipantRemoved), typeof(PresenceChanged), typeof(ChatbotReplied), typeof(ConversationSeen)];

    /// <summary>
    /// The opt-outs the gateway (unsubscribe links) and the SMS sender (STOP, START, Twilio's 21610) publish, which the
    /// router stores: bound to its queue too, so an unsubscribe clicked while the router has never run is kept.
    /// </summary>
    public static readonly IReadOnlyList<Type> OptOutEvents = [typeof(ParticipantOptedOut), typeof(ParticipantOptedIn)];

    /// <summary>The senders' queues, which the router's commands (and the gateway's verified Twilio webhooks) are sent to directly.</summary>
    public static readonly IReadOnlyList<string> CommandQueues =
        [QueueNames.SendEmail, QueueNames.SendSms, QueueNames.SendPush, QueueNames.SendRealtime, QueueNames.SmsWebhooks];

    /// <summary>MassTransit's exchange name for a message type.</summary>
    public static string ExchangeOf(Type messageType) => $"{messageType.Namespace}:{messageType.Name}";

    public static async Task DeclareAsync(IChannel channel, bool quorumQueues, CancellationToken cancellationToken)
    {
        await DeclareQueueAsync(channel, QueueNames.Router, quorumQueues, cancellationToken);
        foreach (var type in PlatformEvents.Concat(OptOutEvents))
        {
            await channel.ExchangeDeclareAsync(ExchangeOf(type), ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeBindAsync(QueueNames.Router, ExchangeOf(type), "", cancellationToken: cancellationToken);
        }
        foreach (var queue in CommandQueues)
            await DeclareQueueAsync(channel, queue, quorumQueues, cancellationToken);
    }

    private static async Task DeclareQueueAsync(IChannel channel, string queue, bool quorum, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var arguments = quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null;
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
    }
}
