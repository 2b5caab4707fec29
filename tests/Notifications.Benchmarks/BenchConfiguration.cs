using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>The services' configuration for a benchmark: its own vhost and Redis key prefix, quiet logs.</summary>
public static class BenchConfiguration
{
    public static Dictionary<string, string?> For(RabbitMqVirtualHost vhost, TestEnvironment environment, string keyPrefix, ushort prefetch) => new()
    {
        ["ConnectionStrings:rabbitmq"] = vhost.AmqpUrl.ToString(),
        ["ConnectionStrings:redis"] = environment.RedisConfiguration,
        ["Redis:KeyPrefix"] = keyPrefix,
        ["Messaging:PrefetchCount"] = prefetch.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task DeleteKeysAsync(IConnectionMultiplexer redis, string keyPrefix)
    {
        var server = redis.GetServers()[0];
        var db = redis.GetDatabase();
        var batch = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: keyPrefix + "*", pageSize: 1000))
        {
            batch.Add(key);
            if (batch.Count == 1000)
            {
                await db.KeyDeleteAsync(batch.ToArray());
                batch.Clear();
            }
        }
        if (batch.Count > 0)
            await db.KeyDeleteAsync(batch.ToArray());
    }
}
