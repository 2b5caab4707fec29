using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Notifications.EmailSender.Upgrades;

/// <summary>
/// Removes the <c>delivery-log</c> queue and exchange that earlier email senders consumed to fill the delivery log.
/// The services now write the log themselves, but an upgraded deployment still has the queue bound to the three
/// outcome exchanges, and with nobody consuming it, it would fill forever. Its messages are copies of outcomes
/// already published to the platform, so they are dropped with it (the count is logged).
/// Runs once at start-up in the background, retried while the broker is down, as the router declares its wait
/// queues. While an older email sender still consumes the queue (a rolling upgrade) it waits: deleting the queue
/// then would only make that instance declare it again.
/// </summary>
public sealed class LegacyDeliveryLogQueue(IConfiguration configuration, ILogger<LegacyDeliveryLogQueue> logger) : BackgroundService
{
    /// <summary>The name of both the legacy queue and its exchange (MassTransit names a receive endpoint's exchange after its queue).</summary>
    public const string Name = "delivery-log";

    private const ushort NotFound = 404;
    private static readonly TimeSpan InUseRecheck = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var toldInUse = false;
        await BrokerRetry.UntilDoneAsync(async token =>
            {
                var consumers = await RemoveAsync(token);
                if (consumers == 0)
                    return true;
                if (!toldInUse)
                    logger.LogInformation("The legacy queue {Queue} is still consumed by {Consumers} older email sender(s); it is removed once they stop",
                        Name, consumers);
                toldInUse = true;
                await Task.Delay(InUseRecheck, token);
                return false;
            },
            failure => logger.LogWarning("The legacy queue {Queue} could not be checked yet ({Reason}); retrying every {Delay} s",
                Name, failure.Message, (int)BrokerRetry.MaxDelay.TotalSeconds),
            stoppingToken);
    }

    /// <summary>Removes the queue and exchange where they exist; returns how many consumers still hold the queue (0: done).</summary>
    private async Task<uint> RemoveAsync(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]).ToConnectionFactory("notifications-email-sender-upgrade");
        await using var broker = await factory.CreateConnectionAsync(cancellationToken);

        QueueDeclareOk? queue = null;
        var queueExists = await ExistsAsync(broker, async channel => queue = await channel.QueueDeclarePassiveAsync(Name, cancellationToken), cancellationToken);
        if (queue is { ConsumerCount: > 0 } consumed)
            return consumed.ConsumerCount;
        var exchangeExists = await ExistsAsync(broker, channel => channel.ExchangeDeclarePassiveAsync(Name, cancellationToken), cancellationToken);
        if (!queueExists && !exchangeExists)
        {
            logger.LogDebug("No legacy {Queue} queue or exchange to remove", Name);
            return 0;
        }

        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        // The queue first: the exchange is what routes the outcomes into it.
        uint held = 0;
        if (queueExists)
            held = await channel.QueueDeleteAsync(Name, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
        if (exchangeExists)
            await channel.ExchangeDeleteAsync(Name, ifUnused: false, cancellationToken: cancellationToken);

        if (queueExists)
            logger.LogInformation("Removed the legacy queue {Queue}{AndExchange}, which the delivery log no longer uses; it held {Messages} messages, copies of outcomes already published",
                Name, exchangeExists ? " and its exchange" : "", held);
        else
            logger.LogInformation("Removed the legacy exchange {Exchange}, which the delivery log no longer uses", Name);
        return 0;
    }

    /// <summary>Whether the passive declaration finds its queue or exchange.</summary>
    /// <remarks>The broker closes the channel of a passive declaration that finds nothing, so each one gets its own.</remarks>
    private static async Task<bool> ExistsAsync(IConnection broker, Func<IChannel, Task> declarePassive, CancellationToken cancellationToken)
    {
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await declarePassive(channel);
            return true;
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == NotFound)
        {
            return false;
        }
    }
}
