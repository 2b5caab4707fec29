using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Notifications.Router.Waiting;

/// <summary>
/// Declares the router's two wait queues (<see cref="WaitQueue"/>): the Human Takeover grace window (A6) and the
/// directory wait. A wait of 0 s switches that wait off and declares nothing. When the broker is not up yet the
/// declaration is retried in the background, as the bus retries its connection: the router starts anyway, and
/// <see cref="Ready"/> holds back the first note to a wait until its queue exists (a note sent to the exchange
/// before its queue is bound would be dropped by the broker).
/// </summary>
/// <remarks>With <c>Messaging:QuorumQueues</c> the wait queues are quorum queues like the receive queues, so a
/// broker node's loss does not lose pending waits (per-queue message TTL on quorum queues needs RabbitMQ 3.10+).</remarks>
public sealed class WaitQueues(
    IConfiguration configuration,
    IOptions<RoutingOptions> options,
    IOptions<MessagingOptions> messaging,
    ILogger<WaitQueues> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once both wait queues are declared and bound.</summary>
    public Task Ready => declared.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await DeclareAllAsync(stoppingToken);
                declared.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The first failure and then every tenth: a broker that is down for long does not flood the log.
                if (attempt % 10 == 1)
                    logger.LogWarning("The router's wait queues could not be declared yet ({Reason}); retrying every {Delay} s. Messages that must wait are held until then",
                        e.Message, (int)MaxRetryDelay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task DeclareAllAsync(CancellationToken cancellationToken)
    {
        var waits = new (WaitQueue Queue, int Seconds, string Purpose)[]
        {
            (WaitQueue.Takeover, options.Value.TakeoverGraceSeconds, "Human Takeover waits"),
            (WaitQueue.Directory, options.Value.DirectoryWaitSeconds, "Messages waiting for unknown recipients"),
        };
        if (waits.All(w => w.Seconds == 0))
            return;

        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]).ToConnectionFactory("notifications-router-wait-setup");
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
}
