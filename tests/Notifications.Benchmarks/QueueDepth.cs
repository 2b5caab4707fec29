using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Notifications.Benchmarks;

/// <summary>
/// Reads how many messages wait in a queue straight from the broker (a passive declare), which is exact,
/// unlike the management API's statistics that lag by seconds.
/// </summary>
public sealed class QueueDepth : IAsyncDisposable
{
    private readonly IConnection connection;

    private QueueDepth(IConnection connection) => this.connection = connection;

    public static async Task<QueueDepth> ConnectAsync(Uri amqpUrl)
    {
        var factory = RabbitMqConnection.Parse(amqpUrl.ToString()).ToConnectionFactory("notifications-bench-queue-depth");
        return new QueueDepth(await factory.CreateConnectionAsync());
    }

    /// <returns>The ready messages, or -1 when the queue does not exist (yet).</returns>
    public async Task<long> OfAsync(string queue)
    {
        // A failed passive declare closes its channel, so each look uses a channel of its own.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Declares <paramref name="queue"/> bound to the exchange MassTransit publishes <typeparamref name="T"/> to, so the
    /// events published wait there and <see cref="OfAsync"/> counts them (an exchange with no queue drops them).
    /// </summary>
    public async Task CountPublishedAsync<T>(string queue)
    {
        // MassTransit's names and settings for a message type's exchange: "Namespace:Type", fanout, durable.
        var exchange = $"{typeof(T).Namespace}:{typeof(T).Name}";
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, routingKey: "");
    }

    /// <returns>The consumers attached to the queue, or -1 when the queue does not exist (yet).</returns>
    public async Task<long> ConsumersOfAsync(string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;
        }
        catch (OperationInterruptedException)
        {
            return -1;
        }
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
