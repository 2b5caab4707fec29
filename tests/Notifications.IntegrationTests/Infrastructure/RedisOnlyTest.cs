using Microsoft.Extensions.Options;
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

    protected RedisKeys RedisKeys { get; } = new(Options.Create(new RedisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}:" }));
    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        environment = await TestEnvironment.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
    }

    public virtual async Task DisposeAsync()
    {
        await RedisTestKeys.DeleteAllAsync(Redis, RedisKeys.Prefix);
        await Redis.DisposeAsync();
        await environment.DisposeAsync();
    }

    /// <summary>Another connection to the same Redis, as a second service instance has; the caller disposes it.</summary>
    protected Task<ConnectionMultiplexer> ConnectAgainAsync() => ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
}

/// <summary>Two service instances sharing one Redis: <see cref="RedisOnlyTest.Redis"/> and <see cref="Second"/>.</summary>
public abstract class TwoInstancesRedisTest : RedisOnlyTest
{
    protected ConnectionMultiplexer Second { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Second = await ConnectAgainAsync();
    }

    public override async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }
}
