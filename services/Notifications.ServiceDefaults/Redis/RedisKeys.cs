using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Notifications.ServiceDefaults.Redis;

/// <summary>Builds every Redis key from the configured prefix, so the key layout is written down in one place.</summary>
public sealed class RedisKeys(IOptions<RedisOptions> options)
{
    public string Prefix { get; } = options.Value.KeyPrefix;

    public RedisKey Key(string suffix) => Prefix + suffix;
}
