using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.ServiceDefaults.Redis;

/// <summary>
/// Connects to Redis while the service starts, before the bus begins consuming, so the first messages do not
/// pay for the connection (and fail into retries while it is being made). A Redis that is down does not stop
/// start-up: the multiplexer keeps reconnecting and <c>/health/ready</c> reports it.
/// </summary>
internal sealed class RedisWarmup(IConnectionMultiplexer redis, ILogger<RedisWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis does not answer yet ({Error}); consuming starts anyway and retries until it does", ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
