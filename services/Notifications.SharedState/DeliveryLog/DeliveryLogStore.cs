using System.Globalization;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.DeliveryLog;

/// <summary>
/// The delivery log: a capped Redis stream (<c>delivery-log</c> under the key prefix, <c>XADD ... MAXLEN ~ N</c>),
/// so retention is bounded by <see cref="DeliveryLogOptions.DeliveryLogMaxEntries"/> whatever the traffic.
/// Beside it, one index per conversation (<c>delivery-log:conversation:{conversationId}</c>, a list of the stream ids
/// of its entries, written with each entry in one script), so a conversation's thread is read without scanning the
/// log: at most <see cref="ThreadMaxEntries"/> ids each (the oldest go first), dropped <see cref="ThreadRetention"/>
/// after its last entry. The index holds only stream ids: an entry the stream trimmed is skipped when read, and an
/// erasure, which rewrites entries under their own ids, is seen through it as it is in the log.
/// </summary>
public sealed class DeliveryLogStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<DeliveryLogOptions> options)
{
    private const int PageSize = 500;

    /// <summary>How many entries a conversation's thread keeps: far more than one conversation's notifications.</summary>
    public const int ThreadMaxEntries = 1000;

    /// <summary>How long a conversation's index stays after its last entry; the log's own cap trims sooner under load.</summary>
    public static readonly TimeSpan ThreadRetention = TimeSpan.FromDays(30);

    private readonly RedisKey key = keys.Key("delivery-log");

    /// <summary>How long an entry written once (<see cref="AddOnceAsync"/>) is remembered against its redelivery.</summary>
    public static readonly TimeSpan OnceRetention = TimeSpan.FromDays(7);

    // KEYS: the log, the conversation's index (or the log again when the entry has none), the entry's once key (or
    // the log again when it has none). ARGV: max length, index max length, index retention (ms), once retention (ms),
    // then field, value pairs.
    private const string AddScript = """
        if KEYS[3] ~= KEYS[1] and not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then return false end
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 5))
        if KEYS[2] ~= KEYS[1] then
          redis.call('RPUSH', KEYS[2], id)
          redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
        end
        return id
        """;

    // KEYS: the log, the conversation's index. Returns each entry still in the log, in the index's order (id, fields).
    private const string ThreadScript = """
        local ids = redis.call('LRANGE', KEYS[2], 0, -1)
        local found = {}
        for _, id in ipairs(ids) do
          local entry = redis.call('XRANGE', KEYS[1], id, id)
          if entry[1] then found[#found + 1] = entry[1] end
        end
        return found
        """;

    private RedisKey ThreadKey(string conversationId) => keys.Key($"delivery-log:conversation:{conversationId}");

    public Task AddAsync(DeliveryLogEntry entry) => AddAsync(entry, onceKey: null);

    /// <summary>
    /// Adds the entry unless one with the same <paramref name="onceId"/> was added in the last
    /// <see cref="OnceRetention"/>: a redelivered event (a reply whose consumer failed after writing) is listed once.
    /// </summary>
    public Task AddOnceAsync(DeliveryLogEntry entry, string onceId) => AddAsync(entry, keys.Key($"delivery-log:once:{onceId}"));

    private async Task AddAsync(DeliveryLogEntry entry, RedisKey? onceKey)
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
        RedisValue[] args =
        [
            options.Value.DeliveryLogMaxEntries, ThreadMaxEntries, (long)ThreadRetention.TotalMilliseconds, (long)OnceRetention.TotalMilliseconds,
            .. fields.SelectMany(field => new[] { (RedisValue)field.Name, field.Value }),
        ];
        var thread = string.IsNullOrEmpty(entry.ConversationId) ? key : ThreadKey(entry.ConversationId);
        await redis.GetDatabase().ScriptEvaluateAsync(AddScript, [key, thread, onceKey ?? key], args);
    }

    /// <summary>
    /// Everything the log still has for one conversation (outcomes, follow-ups, fallbacks, escalations, summaries,
    /// replies), oldest first: by time, then in the order written.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryLogEntry>> ReadThreadAsync(string conversationId)
    {
        var raw = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ThreadScript, [key, ThreadKey(conversationId)]))!;
        return raw.Select((item, written) => (Entry: Parse(StreamEntryOf(item)), Written: written))
            .OrderBy(each => each.Entry.At).ThenBy(each => each.Written)
            .Select(each => each.Entry).ToList();
    }

    private static StreamEntry StreamEntryOf(RedisResult item)
    {
        var parts = (RedisResult[])item!;
        var values = (RedisResult[])parts[1]!;
        var fields = new NameValueEntry[values.Length / 2];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = new NameValueEntry((string)values[2 * i]!, (string)values[2 * i + 1]!);
        return new StreamEntry((string)parts[0]!, fields);
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
