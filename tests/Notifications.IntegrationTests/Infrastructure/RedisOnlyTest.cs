using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A component against the real Redis, without the broker or any service: a fresh key prefix per test class
/// instance, its keys deleted afterwards.
/// </summary>
public abstract class RedisOnlyTest : IAsyncLifetime
{
    private TestEnvironment environment = null!;

    protected RedisKeys RedisKeys { get; } = new(Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}:" }));
    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        environment = await TestEnvironment.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
    }

    public async Task DisposeAsync()
    {
        await RedisTestKeys.DeleteAllAsync(Redis, RedisKeys.Prefix);
        await Redis.DisposeAsync();
        await environment.DisposeAsync();
    }
}
