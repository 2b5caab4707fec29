using RabbitMQ.Client;

namespace Notifications.Scheduling;

/// <summary>Declares a <see cref="DelayLadder"/> and its destinations on a channel. Every step is idempotent, so
/// each service start declares it again: a ladder that exists keeps its pending messages.</summary>
public static class DelayLadderTopology
{
    public static async Task DeclareAsync(IChannel channel, DelayLadder ladder, IEnumerable<string> destinationQueues, CancellationToken cancellationToken)
    {
        await DeclareTopicAsync(channel, DelayLadder.DeliveryExchange, cancellationToken);
        for (var level = 0; level < DelayLevels.Count; level++)
        {
            var name = ladder.LevelName(level);
            var next = ladder.NextExchange(level);
            var arguments = new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (int)DelayLevels.HoldOf(level).TotalMilliseconds,
                // No dead-letter routing key: the message keeps its own, which the next level reads.
                ["x-dead-letter-exchange"] = next,
            };
            if (ladder.Quorum)
                arguments["x-queue-type"] = "quorum";

            await DeclareTopicAsync(channel, name, cancellationToken);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(name, name, DelayLevels.PatternFor(level, bit: true), cancellationToken: cancellationToken);
            await channel.ExchangeBindAsync(next, name, DelayLevels.PatternFor(level, bit: false), cancellationToken: cancellationToken);
        }

        foreach (var queue in destinationQueues)
        {
            // MassTransit puts a fanout exchange of the queue's name in front of each queue it declares (receive
            // endpoints and "queue:" send addresses alike). Binding to that exchange, declared here as MassTransit
            // declares it, needs no knowledge of the queue's own arguments (its type, say), which only its owner has.
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeBindAsync(queue, DelayLadder.DeliveryExchange, DelayLevels.DestinationPattern(queue), cancellationToken: cancellationToken);
        }
    }

    private static Task DeclareTopicAsync(IChannel channel, string name, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(name, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
}
