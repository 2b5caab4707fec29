using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Notifications.Router.Waiting;

/// <summary>
/// Declares the router's two wait queues (<see cref="WaitQueue"/>) before the bus starts, so the first message
/// that has to wait already finds its queue: the Human Takeover grace window (A6) and the directory wait.
/// A wait of 0 s switches that wait off and declares nothing.
/// </summary>
/// <remarks>With <c>Messaging:QuorumQueues</c> the wait queues are quorum queues like the receive queues, so a
/// broker node's loss does not lose pending waits (per-queue message TTL on quorum queues needs RabbitMQ 3.10+).</remarks>
public sealed class WaitQueues(
    IConfiguration configuration,
    IOptions<RoutingOptions> options,
    IOptions<MessagingOptions> messaging,
    ILogger<WaitQueues> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waits = new (WaitQueue Queue, int Seconds, string Purpose)[]
        {
            (WaitQueue.Takeover, options.Value.TakeoverGraceSeconds, "Human Takeover waits"),
            (WaitQueue.Directory, options.Value.DirectoryWaitSeconds, "Messages waiting for unknown recipients"),
        };
        if (waits.All(w => w.Seconds == 0))
            return;

        var connection = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]);
        var factory = new ConnectionFactory
        {
            HostName = connection.Host,
            Port = connection.Port,
            VirtualHost = connection.VirtualHost,
            UserName = connection.Username,
            Password = connection.Password,
            Ssl = { Enabled = connection.UseTls, ServerName = connection.Host },
            ClientProvidedName = "notifications-router-wait-setup",
        };

        await using var broker = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var (queue, seconds, purpose) in waits.Where(w => w.Seconds > 0))
        {
            var name = await DeclareAsync(channel, queue, seconds, messaging.Value.QuorumQueues, cancellationToken);
            logger.LogInformation("{Purpose} go through {Queue} ({Seconds} s)", purpose, name, seconds);
        }
    }

    private static async Task<string> DeclareAsync(IChannel channel, WaitQueue wait, int seconds, bool quorum, CancellationToken cancellationToken)
    {
        var queue = wait.Name(seconds, quorum);
        var arguments = new Dictionary<string, object?>
        {
            ["x-message-ttl"] = seconds * 1000,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = QueueNames.Router,
        };
        if (quorum)
            arguments["x-queue-type"] = "quorum";
        // Fanout and durable, as MassTransit declares the exchange it sends to.
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
        return queue;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
