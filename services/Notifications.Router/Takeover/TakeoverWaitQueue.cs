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
public sealed class TakeoverWaitQueue(IConfiguration configuration, IOptions<RoutingOptions> options, ILogger<TakeoverWaitQueue> logger) : IHostedService
{
    public const string ExchangeName = "notifications-router-takeover-wait";

    public static Uri ExchangeAddress { get; } = new($"exchange:{ExchangeName}");

    /// <summary>The window is part of the queue's name: a changed window declares a new queue instead of
    /// clashing with the old one's arguments, and the old queue still drains into the router.</summary>
    public static string QueueName(int graceSeconds) => $"{ExchangeName}-{graceSeconds}s";

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
        var queue = QueueName(graceSeconds);
        await channel.ExchangeDeclareAsync(ExchangeName, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-message-ttl"] = graceSeconds * 1000,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = QueueNames.Router,
        }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, ExchangeName, routingKey: "", cancellationToken: cancellationToken);

        // Only the queue of the current window is bound: messages held under an older window drain as they were.
        logger.LogInformation("Human Takeover waits go through {Queue} ({GraceSeconds} s)", queue, graceSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
