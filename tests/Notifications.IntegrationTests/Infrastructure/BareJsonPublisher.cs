using System.Text;
using RabbitMQ.Client;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Publishes as a platform without MassTransit does: the bare event as <c>application/json</c> to the event's
/// exchange, with the AMQP <c>type</c> property, persistent, mandatory and with publisher confirms.
/// </summary>
public sealed class BareJsonPublisher : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private BareJsonPublisher(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<BareJsonPublisher> ConnectAsync(Uri amqpUrl)
    {
        var connection = await new ConnectionFactory { Uri = amqpUrl }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new BareJsonPublisher(connection, channel);
    }

    /// <param name="type">The AMQP type property (the event's name); null leaves it out.</param>
    /// <param name="exchange">Null: the event's own exchange, <c>Notifications.Contracts:{type}</c>.</param>
    public async Task PublishAsync(string? type, string json, string? exchange = null, IDictionary<string, object?>? headers = null)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Type = type,
            Headers = headers,
        };
        await channel.BasicPublishAsync(exchange ?? $"Notifications.Contracts:{type}", "", mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
