using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.ChannelSwitches;

/// <summary>
/// The run-time channel switches: one Redis hash, <c>{prefix}channels</c>, field per channel, "1" on, "0" off;
/// no field means "as configured". Kept in Redis so every instance of every service sees a change at once;
/// the router reads the hash inside its routing snapshot script (no extra round trip per message), so nothing
/// here is cached.
/// </summary>
public sealed class ChannelSwitchStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ChannelSwitchOptions> configured)
{
    /// <summary>The hash's name after the prefix; the router's snapshot script builds the same name.</summary>
    public const string KeySuffix = "channels";

    private RedisKey Key => keys.Key(KeySuffix);

    public async Task<IReadOnlyList<ChannelState>> GetAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(Key);
        var stored = entries.ToDictionary(entry => (string)entry.Name!, entry => (string)entry.Value!);
        return ChannelStates.Resolve(configured.Value, stored);
    }

    /// <summary>
    /// Applies changes: true/false switches a channel at run time, null removes the run-time value (back to
    /// configuration). Every name must be one of <see cref="ChannelSwitchOptions.Names"/>.
    /// </summary>
    public async Task<IReadOnlyList<ChannelState>> SetAsync(IReadOnlyDictionary<string, bool?> changes)
    {
        if (changes.Keys.FirstOrDefault(name => !ChannelSwitchOptions.Names.Contains(name)) is { } unknown)
            throw new ArgumentException($"Unknown channel {unknown}.", nameof(changes));

        var set = changes.Where(change => change.Value is not null)
            .Select(change => new HashEntry(change.Key, change.Value!.Value ? ChannelStates.On : ChannelStates.Off)).ToArray();
        var removed = changes.Where(change => change.Value is null).Select(change => (RedisValue)change.Key).ToArray();
        // One transaction: a reader never sees half of a change that switches several channels.
        var transaction = redis.GetDatabase().CreateTransaction();
        var writes = new List<Task>();
        if (set.Length > 0)
            writes.Add(transaction.HashSetAsync(Key, set));
        if (removed.Length > 0)
            writes.Add(transaction.HashDeleteAsync(Key, removed));
        await transaction.ExecuteAsync();
        await Task.WhenAll(writes);
        return await GetAsync();
    }
}
