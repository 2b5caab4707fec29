using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Scheduling;

/// <summary>
/// Declares the ladder (<see cref="DelayLadderTopology"/>) and binds the destinations at start. When the broker is
/// not up yet the declaration is retried in the background, as the bus retries its connection: the service starts
/// anyway, and <see cref="Ready"/> holds back the first delayed message until the ladder exists (one sent to an
/// exchange that does not route it yet would be dropped by the broker).
/// </summary>
public sealed class DelayLadderDeclaration(
    IConfiguration configuration,
    IOptions<DelayedDeliveryOptions> options,
    IOptions<MessagingOptions> messaging,
    ILogger<DelayLadderDeclaration> logger) : BackgroundService
{
    private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DelayLadder Ladder { get; } = new(messaging.Value.QuorumQueues);

    /// <summary>Completes once the ladder is declared and every destination bound.</summary>
    public Task Ready => declared.Task;

    public IReadOnlySet<string> Destinations => options.Value.Destinations;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Destinations.Count == 0)
        {
            declared.TrySetResult();
            return;
        }

        await BrokerRetry.UntilDoneAsync(async token =>
            {
                await DeclareAsync(token);
                declared.TrySetResult();
                return true;
            },
            failure => logger.LogWarning("The delay ladder could not be declared yet ({Reason}); retrying every {Delay} s. Messages that must wait are held until then",
                failure.Message, (int)BrokerRetry.MaxDelay.TotalSeconds),
            stoppingToken);
    }

    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]).ToConnectionFactory(options.Value.ClientName);
        await using var broker = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        await DelayLadderTopology.DeclareAsync(channel, Ladder, options.Value.Destinations, cancellationToken);
        logger.LogInformation("Delayed messages go through {Entry} ({Levels} levels, up to {MaxDelay}) to {Destinations}",
            Ladder.LevelName(DelayLevels.Count - 1), DelayLevels.Count, DelayLevels.MaxDelay, string.Join(", ", options.Value.Destinations));
    }
}
