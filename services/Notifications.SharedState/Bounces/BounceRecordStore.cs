using System.Text.Json;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Bounces;

/// <summary>Which notification an email's bounce address stands for: what a follow-up NotificationFailed names.</summary>
public sealed record BounceRecord(string NotificationId, string Channel, string RecipientId, string ConversationId, string MessageId);

/// <summary>
/// The notifications behind the VERP bounce addresses (<c>bounce+{token}@{Email:ReplyDomain}</c>):
/// <c>bounce:{handle}</c> holds a <see cref="BounceRecord"/> as JSON for <see cref="Retention"/>. The email sender
/// writes it when it sends an email (before the SMTP exchange, so a bounce can never arrive first); the gateway reads
/// it when a DSN or a SendGrid event names the address. The token's signature is checked before the read
/// (<c>BounceToken</c>), so this is only asked about addresses this system made.
/// </summary>
public sealed class BounceRecordStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>
    /// Bounces come within minutes to days (an MTA retries a deferred message for up to 5 days before its failure
    /// DSN); 30 days covers them with room, and a bounce later than that is refused as unknown rather than kept forever.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisKey Key(string handle) => keys.Key($"bounce:{handle.ToLowerInvariant()}");

    /// <summary>Stores (or renews, for a redelivered notification) the record of <paramref name="handle"/>.</summary>
    public Task RecordAsync(string handle, BounceRecord record) =>
        redis.GetDatabase().StringSetAsync(Key(handle), JsonSerializer.Serialize(record, Json), Retention);

    /// <returns>The record, or null when none is stored (never written, or older than <see cref="Retention"/>).</returns>
    public async Task<BounceRecord?> FindAsync(string handle) =>
        await redis.GetDatabase().StringGetAsync(Key(handle)) is { HasValue: true } value
            ? JsonSerializer.Deserialize<BounceRecord>(value.ToString(), Json)
            : null;
}
