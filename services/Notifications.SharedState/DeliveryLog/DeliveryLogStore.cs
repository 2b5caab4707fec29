using System.Globalization;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.DeliveryLog;

/// <summary>
/// The delivery log: a capped Redis stream (<c>delivery-log</c> under the key prefix, <c>XADD ... MAXLEN ~ N</c>),
/// so retention is bounded by <see cref="DeliveryLogOptions.DeliveryLogMaxEntries"/> whatever the traffic.
/// </summary>
public sealed class DeliveryLogStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<DeliveryLogOptions> options)
{
    private const int PageSize = 500;

    private readonly RedisKey key = keys.Key("delivery-log");

    public async Task AddAsync(DeliveryLogEntry entry)
    {
        NameValueEntry[] fields =
        [
            new("outcome", entry.Outcome),
            new("channel", entry.Channel),
            new("recipient", entry.RecipientId),
            new("conversation", entry.ConversationId),
            new("message", entry.MessageId),
            new("notification", entry.NotificationId),
            new("detail", entry.Detail),
            new("note", entry.Note ?? ""),
            new("at", entry.At.ToString("O", CultureInfo.InvariantCulture)),
            new("trace", entry.TraceId),
            // Written only when set, so entries stay as small as before for the common case.
            .. entry.FollowUp ? [new NameValueEntry("follow-up", "1")] : Array.Empty<NameValueEntry>(),
            .. entry.Bounce is { Length: > 0 } bounce ? [new NameValueEntry("bounce", bounce)] : Array.Empty<NameValueEntry>(),
            .. entry.FallbackOf is { Length: > 0 } of ? [new NameValueEntry("fallback-of", of)] : Array.Empty<NameValueEntry>(),
            .. entry.SummaryId is { Length: > 0 } summary ? [new NameValueEntry("summary", summary)] : Array.Empty<NameValueEntry>(),
        ];
        await redis.GetDatabase().StreamAddAsync(key, fields, maxLength: options.Value.DeliveryLogMaxEntries, useApproximateMaxLength: true);
    }

    /// <summary>The newest entries first, at most <paramref name="limit"/>, matching the filters that are set (exact ids).</summary>
    /// <param name="messageId">One chat message: its whole decision, the router's suppressions and every sender's outcome.</param>
    public async Task<IReadOnlyList<DeliveryLogEntry>> ReadAsync(string? conversationId, string? recipientId, int limit = 200, string? messageId = null)
    {
        var found = new List<DeliveryLogEntry>();
        var db = redis.GetDatabase();
        RedisValue? before = null;
        while (found.Count < limit)
        {
            // Newest first, one page at a time; the stream is capped, so a filtered scan is bounded too.
            var page = await db.StreamRangeAsync(key, minId: "-", maxId: before ?? "+", count: PageSize, messageOrder: Order.Descending);
            foreach (var item in page)
            {
                if (before is { } previous && item.Id == previous)
                    continue;
                var entry = Parse(item);
                if ((string.IsNullOrEmpty(conversationId) || entry.ConversationId == conversationId)
                    && (string.IsNullOrEmpty(recipientId) || entry.RecipientId == recipientId)
                    && (string.IsNullOrEmpty(messageId) || entry.MessageId == messageId))
                {
                    found.Add(entry);
                    if (found.Count == limit)
                        break;
                }
            }
            if (page.Length < PageSize)
                break;
            before = page[^1].Id;
        }
        return found;
    }

    private static DeliveryLogEntry Parse(StreamEntry item)
    {
        string Field(string name) => (string?)item[name] ?? "";
        return new DeliveryLogEntry
        {
            Outcome = Field("outcome"),
            Channel = Field("channel"),
            RecipientId = Field("recipient"),
            ConversationId = Field("conversation"),
            MessageId = Field("message"),
            NotificationId = Field("notification"),
            Detail = Field("detail"),
            Note = Field("note") is { Length: > 0 } note ? note : null,
            At = DateTimeOffset.TryParse(Field("at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default,
            TraceId = Field("trace"),
            FollowUp = Field("follow-up") == "1",
            Bounce = Field("bounce") is { Length: > 0 } bounce ? bounce : null,
            FallbackOf = Field("fallback-of") is { Length: > 0 } of ? of : null,
            SummaryId = Field("summary") is { Length: > 0 } summary ? summary : null,
        };
    }
}
