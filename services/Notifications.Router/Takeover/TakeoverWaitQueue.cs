using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Notifications.Router.Takeover;

/// <summary>
/// The durable delay behind rule A6, built from plain RabbitMQ features (Debian's broker has no delayed-message
/// plugin): messages sent to the exchange <see cref="ExchangeName"/> sit in a queue whose message TTL is the
/// grace window and which dead-letters expired messages straight into the router's queue. Nothing waits in
/// the router's memory, so no consumer slot is held and a router restart loses no pending wait.
/// </summary>
/// <remarks>With <c>Messaging:QuorumQueues</c> the wait queue is a quorum queue like the receive queues, so a
/// broker node's loss does not lose pending waits (per-queue message TTL on quorum queues needs RabbitMQ 3.10+).</remarks>
public sealed class TakeoverWaitQueue(
    IConfiguration configuration,
    IOptions<RoutingOptions> options,
    IOptions<MessagingOptions> messaging,
    ILogger<TakeoverWaitQueue> logger) : IHostedService
{
    public const string ExchangeName = "notifications-router-takeover-wait";

    public static Uri ExchangeAddress { get; } = new($"exchange:{ExchangeName}");

    /// <summary>The window and the queue type are part of the queue's name: a changed window, or switching to
    /// quorum queues, declares a new queue instead of clashing with the old one's arguments (RabbitMQ cannot
    /// change a queue's type), and the old queue still drains into the router.</summary>
    public static string QueueName(int graceSeconds, bool quorum = false) =>
        $"{ExchangeName}-{graceSeconds}s" + (quorum ? "-quorum" : "");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var graceSeconds = options.Value.TakeoverGraceSeconds;
        if (graceSeconds == 0)
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
            ClientProvidedName = "notifications-router-takeover-setup",
        };

        await using var broker = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        var quorum = messaging.Value.QuorumQueues;
        var queue = QueueName(graceSeconds, quorum);
        var arguments = new Dictionary<string, object?>
        {
            ["x-message-ttl"] = graceSeconds * 1000,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = QueueNames.Router,
        };
        if (quorum)
            arguments["x-queue-type"] = "quorum";
        await channel.ExchangeDeclareAsync(ExchangeName, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, ExchangeName, routingKey: "", cancellationToken: cancellationToken);

        // Only the queue of the current window is bound: messages held under an older window drain as they were.
        logger.LogInformation("Human Takeover waits go through {Queue} ({GraceSeconds} s)", queue, graceSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
