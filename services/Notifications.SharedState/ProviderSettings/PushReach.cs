using Notifications.Contracts;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// Which devices a push can reach with the providers in effect (configuration and run-time credentials), reported by
/// the push sender so the router can tell whether a push really replaces the desktop notification (the channel
/// table: "an iOS-only recipient without OneSignal still gets realtime"). The router cannot work it out itself: it
/// holds no provider credentials.
/// </summary>
/// <param name="Ios">OneSignal is in effect: iOS devices are reached.</param>
/// <param name="OtherPlatforms">Android and web devices are reached (OneSignal or Pusher Beams).</param>
public sealed record PushReach(bool Ios, bool OtherPlatforms)
{
    /// <summary>No provider is configured: pushes are only written to the record folder.</summary>
    public static readonly PushReach Nothing = new(false, false);

    /// <summary>True when at least one of the devices would receive the push.</summary>
    public bool ReachesAny(IReadOnlyList<PushDevice> devices) =>
        devices.Any(device => string.Equals(device.Platform, PushPlatforms.Ios, StringComparison.OrdinalIgnoreCase) ? Ios : OtherPlatforms);

    /// <summary>The stored form: <c>ios=1;other=0</c>.</summary>
    public string Format() => $"ios={(Ios ? 1 : 0)};other={(OtherPlatforms ? 1 : 0)}";

    /// <returns>Null when nothing (or something unreadable) is stored: the reach is unknown.</returns>
    public static PushReach? Parse(string? stored) => stored switch
    {
        null or "" => null,
        _ when stored.Split(';') is [var ios, var other] && ios is "ios=0" or "ios=1" && other is "other=0" or "other=1"
            => new PushReach(ios == "ios=1", other == "other=1"),
        _ => null,
    };
}

/// <summary>
/// The reach in Redis (<c>providers:push-reach</c>, a string). It expires unless the push sender renews it, so a
/// push sender that is gone leaves the reach unknown, and the router then keeps the desktop notification.
/// </summary>
public sealed class PushReachStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>The key after the prefix; the router's snapshot script builds it from the prefix too.</summary>
    public const string KeySuffix = "providers:push-reach";

    public Task WriteAsync(PushReach reach, TimeSpan lifetime) =>
        redis.GetDatabase().StringSetAsync(keys.Key(KeySuffix), reach.Format(), lifetime);

    public async Task<PushReach?> ReadAsync() => PushReach.Parse(await redis.GetDatabase().StringGetAsync(keys.Key(KeySuffix)));
}
