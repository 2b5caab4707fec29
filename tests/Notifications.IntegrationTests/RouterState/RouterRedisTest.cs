using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>
/// A router component against the real Redis, without the rest of the pipeline: a fresh key prefix per test
/// class instance, deleted afterwards.
/// </summary>
public abstract class RouterRedisTest : IAsyncLifetime
{
    private TestEnvironment environment = null!;

    protected RedisKeys RedisKeys { get; } = new(Microsoft.Extensions.Options.Options.Create(new RedisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}:" }));
    protected RouterKeys Keys => new(RedisKeys);
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
