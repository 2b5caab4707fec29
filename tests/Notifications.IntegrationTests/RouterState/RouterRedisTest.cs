using Notifications.SharedState.AddressMarks;
using Notifications.SharedState.Erasure;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Directory;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>A router component against the real Redis, without the rest of the pipeline, under its own key prefix.</summary>
public abstract class RouterRedisTest : RedisOnlyTest
{
    protected RouterKeys Keys => new(RedisKeys);

    /// <summary>The bad-address marks the routing snapshot reads, hashed as the erasure does (no key: plain SHA-256).</summary>
    protected AddressMarkStore AddressMarks =>
        new(Redis, RedisKeys, new ErasedAddresses(Redis, RedisKeys, Microsoft.Extensions.Options.Options.Create(new ErasureOptions())));
}
