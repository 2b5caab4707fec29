using System.Text.Json;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Replies;

/// <param name="ParticipantId">The recipient the reply address was made for.</param>
/// <param name="ConversationId">The conversation a reply to it goes into.</param>
/// <param name="MessageId">The <c>Message-ID</c> of the latest email sent with this reply address.</param>
/// <param name="SenderHash">The keyed hash of the address that email went to (<c>ReplyToken.SenderHashOf</c>), never the address.</param>
public sealed record ReplyRecord(string ParticipantId, string ConversationId, string MessageId, string SenderHash);

/// <summary>
/// Who is behind each reply address (<c>reply+{token}@{Email:ReplyDomain}</c>): <c>reply:{handle}</c> holds a
/// <see cref="ReplyRecord"/> as JSON for <see cref="Retention"/>, renewed by every email of the conversation to that
/// recipient. The email sender writes it before the email leaves; the gateway reads it when a reply comes, after the
/// token's signature was checked.
/// </summary>
public sealed class ReplyRecordStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>People answer an email days or weeks later; a reply to an email older than this is refused as unknown.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisKey Key(string handle) => keys.Key($"reply:{handle.ToLowerInvariant()}");

    public Task RecordAsync(string handle, ReplyRecord record) =>
        redis.GetDatabase().StringSetAsync(Key(handle), JsonSerializer.Serialize(record, Json), Retention);

    /// <returns>The record, or null when none is stored (never written, or no email for <see cref="Retention"/>).</returns>
    public async Task<ReplyRecord?> FindAsync(string handle) =>
        await redis.GetDatabase().StringGetAsync(Key(handle)) is { HasValue: true } value
            ? JsonSerializer.Deserialize<ReplyRecord>(value.ToString(), Json)
            : null;
}
