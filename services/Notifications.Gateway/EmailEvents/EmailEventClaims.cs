using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Gateway.EmailEvents;

/// <summary>
/// Acts on each late bounce once, although providers retry (SendGrid resends a batch that was not answered 2xx, an
/// MTA resends a DSN): <c>email-event:{source}:{id}</c> is claimed with SET NX before the follow-up is published,
/// marked done after, and given back when the publish failed, so the retry publishes it. A claim held by a request
/// that died runs out after <see cref="ClaimTimeout"/>; a done mark is kept for <see cref="Retention"/>, longer than
/// SendGrid retries a batch (24 hours) or an MTA a DSN.
/// </summary>
public sealed class EmailEventClaims(IConnectionMultiplexer redis, RedisKeys keys)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <returns>
    /// <see cref="EventClaim.Claimed"/> when this request is the one to act on the event, <see cref="EventClaim.Done"/>
    /// when it was acted on, <see cref="EventClaim.InFlight"/> when another request is acting on it now (which may still
    /// fail: the caller asks the provider to send it again rather than say it was handled).
    /// </returns>
    public async Task<EventClaim> TryClaimAsync(string source, string eventId)
    {
        var database = redis.GetDatabase();
        if (await database.StringSetAsync(Key(source, eventId), "claimed", ClaimTimeout, When.NotExists))
            return EventClaim.Claimed;
        return await database.StringGetAsync(Key(source, eventId)) == "done" ? EventClaim.Done : EventClaim.InFlight;
    }

    public Task CompleteAsync(string source, string eventId) =>
        redis.GetDatabase().StringSetAsync(Key(source, eventId), "done", Retention);

    /// <summary>Gives the claim back after a failed publish; best effort, since the claim runs out by itself.</summary>
    public async Task ReleaseAsync(string source, string eventId)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(Key(source, eventId));
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            // The claim expires after ClaimTimeout: the provider's retry after that is acted on.
        }
    }

    private RedisKey Key(string source, string eventId) => keys.Key($"email-event:{source}:{eventId}");
}

public enum EventClaim
{
    Claimed,
    Done,
    InFlight,
}
