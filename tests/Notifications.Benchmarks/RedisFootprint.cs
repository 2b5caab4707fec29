using System.Globalization;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// What one run's keys take in Redis, two ways: the server's <c>used_memory</c> (INFO memory: everything in Redis, so
/// the writes of anything else using the same server move it too), and the sum of <c>MEMORY USAGE key SAMPLES 0</c>
/// (exact, every field counted) over the keys under the run's prefix, by kind: the key's first word after the prefix
/// (<c>window</c>, <c>window-pending</c>, <c>transcript</c>, ...).
/// </summary>
public sealed record RedisFootprint(long UsedMemory, IReadOnlyDictionary<string, (long Keys, long Bytes)> ByKind)
{
    public long Bytes(string kind) => ByKind.TryGetValue(kind, out var usage) ? usage.Bytes : 0;

    public long Keys(string kind) => ByKind.TryGetValue(kind, out var usage) ? usage.Keys : 0;

    public long TotalBytes => ByKind.Values.Sum(u => u.Bytes);

    public long TotalKeys => ByKind.Values.Sum(u => u.Keys);

    public static async Task<RedisFootprint> ReadAsync(IConnectionMultiplexer redis, string keyPrefix)
    {
        var server = redis.GetServers()[0];
        var db = redis.GetDatabase();
        var byKind = new Dictionary<string, (long Keys, long Bytes)>();
        var batch = new List<RedisKey>(1000);
        await foreach (var key in server.KeysAsync(pattern: keyPrefix + "*", pageSize: 1000))
        {
            batch.Add(key);
            if (batch.Count == 1000)
                await MeasureAsync(db, batch, keyPrefix, byKind);
        }
        await MeasureAsync(db, batch, keyPrefix, byKind);
        return new RedisFootprint(await UsedMemoryAsync(server), byKind);
    }

    public static async Task<long> UsedMemoryAsync(IServer server)
    {
        var info = await server.InfoAsync("memory");
        var used = info.SelectMany(section => section).First(pair => pair.Key == "used_memory").Value;
        return long.Parse(used, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What the router writes for a chat message or a read whether or not a window holds anything: the conversation
    /// transcript (14 days) and the last read. Everything else a hold adds is what its pending notifications take,
    /// whatever the keys of the held store are named.
    /// </summary>
    public static readonly IReadOnlySet<string> WrittenWithoutWindow = new HashSet<string> { "transcript", "seen" };

    /// <summary>The bytes added since <paramref name="before"/> by the held notifications (every kind but <see cref="WrittenWithoutWindow"/>).</summary>
    public long HeldBytesSince(RedisFootprint before) =>
        GrowthSince(before).Where(k => !WrittenWithoutWindow.Contains(k.Kind)).Sum(k => k.Bytes);

    /// <summary>The kinds that grew from <paramref name="before"/> to this, largest first: where the bytes went.</summary>
    public IEnumerable<(string Kind, long Keys, long Bytes)> GrowthSince(RedisFootprint before) =>
        ByKind.Select(k => (k.Key, k.Value.Keys - before.Keys(k.Key), k.Value.Bytes - before.Bytes(k.Key)))
            .Where(k => k.Item3 != 0)
            .OrderByDescending(k => k.Item3);

    private static async Task MeasureAsync(IDatabase db, List<RedisKey> keys, string keyPrefix, Dictionary<string, (long Keys, long Bytes)> byKind)
    {
        if (keys.Count == 0)
            return;
        // Sent together: one round trip's worth of waiting for the whole batch, not one per key.
        var usages = await Task.WhenAll(keys.Select(key => db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0")));
        for (var i = 0; i < keys.Count; i++)
        {
            if (usages[i].IsNull)
                continue; // expired or deleted between SCAN and MEMORY USAGE
            var kind = KindOf(keys[i], keyPrefix);
            var (count, bytes) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (count + 1, bytes + (long)usages[i]);
        }
        keys.Clear();
    }

    private static string KindOf(RedisKey key, string keyPrefix)
    {
        var rest = ((string)key!)[keyPrefix.Length..];
        var end = rest.IndexOf(':');
        return end < 0 ? rest : rest[..end];
    }
}
