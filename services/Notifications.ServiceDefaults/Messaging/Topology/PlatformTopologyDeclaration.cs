using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.ServiceDefaults.Messaging.Topology;

/// <summary>
/// Every service declares <see cref="PlatformTopology"/> at start (retried in the background while the broker is
/// down, as the bus retries its connection), so whichever service runs first, what the platform publishes is kept.
/// </summary>
public sealed class PlatformTopologyDeclaration(IConfiguration configuration, IOptions<MessagingOptions> messaging, IHostEnvironment environment,
    ILogger<PlatformTopologyDeclaration> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BrokerRetry.UntilDoneAsync(async token =>
            {
                await DeclareAsync(configuration, messaging.Value, environment.ApplicationName, token);
                return true;
            },
            failure => logger.LogWarning("The platform's exchanges and queues could not be declared yet ({Reason}); retrying every {Delay} s",
                failure.Message, (int)BrokerRetry.MaxDelay.TotalSeconds),
            stoppingToken);

    public static async Task DeclareAsync(IConfiguration configuration, MessagingOptions messaging, string clientName, CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]).ToConnectionFactory(clientName + " (topology)");
        await using var broker = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        await PlatformTopology.DeclareAsync(channel, messaging.QuorumQueues, cancellationToken);
    }
}
