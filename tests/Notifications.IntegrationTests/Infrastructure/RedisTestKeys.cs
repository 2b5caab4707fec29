using StackExchange.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Removes what a test run wrote to the shared Redis: every run uses its own key prefix, and deletes the keys
/// under it when it ends (in batches, as a benchmark's run leaves hundreds of thousands).
/// </summary>
public static class RedisTestKeys
{
    public static async Task DeleteAllAsync(IConnectionMultiplexer redis, string keyPrefix)
    {
        var db = redis.GetDatabase();
        var batch = new List<RedisKey>(1000);
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: keyPrefix + "*", pageSize: 1000))
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
