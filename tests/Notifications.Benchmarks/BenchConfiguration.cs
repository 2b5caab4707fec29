using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>The services' configuration for a benchmark: its own vhost and Redis key prefix, quiet logs.</summary>
public static class BenchConfiguration
{
    public static Dictionary<string, string?> For(RabbitMqVirtualHost vhost, TestEnvironment environment, string keyPrefix, ushort prefetch) => new()
    {
        ["ConnectionStrings:rabbitmq"] = vhost.AmqpUrl.ToString(),
        ["ConnectionStrings:redis"] = environment.RedisConfiguration,
        ["Redis:KeyPrefix"] = keyPrefix,
        // No delay window: the benchmarks measure immediate delivery, as before windows existed.
        ["Email:DelaySeconds"] = "0",
        ["Sms:DelaySeconds"] = "0",
        ["Push:DelaySeconds"] = "0",
        ["Messaging:PrefetchCount"] = prefetch.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
