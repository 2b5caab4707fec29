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
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await DeclareAsync(configuration, messaging.Value, environment.ApplicationName, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt % 10 == 1)
                    logger.LogWarning("The platform's exchanges and queues could not be declared yet ({Reason}); retrying", e.Message);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    public static async Task DeclareAsync(IConfiguration configuration, MessagingOptions messaging, string clientName, CancellationToken cancellationToken)
    {
        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey]).ToConnectionFactory(clientName + " (topology)");
        await using var broker = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await broker.CreateChannelAsync(cancellationToken: cancellationToken);
        await PlatformTopology.DeclareAsync(channel, messaging.QuorumQueues, cancellationToken);
    }
}
