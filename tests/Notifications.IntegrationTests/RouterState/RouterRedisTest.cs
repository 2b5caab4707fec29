using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Directory;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>A router component against the real Redis, without the rest of the pipeline, under its own key prefix.</summary>
public abstract class RouterRedisTest : RedisOnlyTest
{
    protected RouterKeys Keys => new(RedisKeys);
}
