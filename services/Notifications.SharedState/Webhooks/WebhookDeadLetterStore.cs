using System.Globalization;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Webhooks;

/// <summary>
/// The webhook dead letters: a capped Redis stream (<c>webhooks:dead-letters</c> under the key prefix, <c>XADD ...
/// MAXLEN ~ 1000</c>), so a receiver that refuses everything for days cannot grow Redis without bound. The webhook
/// sender writes it; the admin service lists, replays and removes entries.
/// </summary>
public sealed class WebhookDeadLetterStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>About this many entries are kept; the oldest go first.</summary>
    public const int MaxEntries = 1000;

    private readonly RedisKey key = keys.Key("webhooks:dead-letters");

    /// <returns>The new entry's id.</returns>
    public async Task<string> AddAsync(WebhookDeadLetter letter)
    {
        NameValueEntry[] fields =
        [
            new("type", letter.EventType),
            new("event", letter.EventId),
            new("host", letter.UrlHost),
            new("status", letter.Status?.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("reason", letter.Reason),
            new("permanent", letter.Permanent ? "1" : "0"),
            new("attempts", letter.Attempts.ToString(CultureInfo.InvariantCulture)),
            new("at", letter.At.ToString("O", CultureInfo.InvariantCulture)),
            new("body", letter.Body),
        ];
        return (await redis.GetDatabase().StreamAddAsync(key, fields, maxLength: MaxEntries, useApproximateMaxLength: true)).ToString();
    }

    /// <summary>The newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<WebhookDeadLetter>> ReadAsync(int limit = 200)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(key, "-", "+", count: limit, messageOrder: Order.Descending);
        return entries.Select(Parse).ToList();
    }

    public async Task<WebhookDeadLetter?> FindAsync(string id)
    {
        if (!IsEntryId(id))
            return null;
        var entries = await redis.GetDatabase().StreamRangeAsync(key, id, id, count: 1);
        return entries.Length == 0 ? null : Parse(entries[0]);
    }

    /// <returns>False when the entry was gone already (replayed or removed elsewhere).</returns>
    public async Task<bool> RemoveAsync(string id) =>
        IsEntryId(id) && await redis.GetDatabase().StreamDeleteAsync(key, [id]) > 0;

    /// <summary>A stream entry id (<c>1700000000000-0</c>); anything else would be read by Redis as a range bound.</summary>
    public static bool IsEntryId(string? id)
    {
        var parts = id?.Split('-');
        return parts is { Length: 2 } && parts.All(part => part.Length is > 0 and <= 20 && part.All(char.IsAsciiDigit));
    }

    private static WebhookDeadLetter Parse(StreamEntry item)
    {
        string Field(string name) => (string?)item[name] ?? "";
        return new WebhookDeadLetter
        {
            Id = item.Id.ToString(),
            EventType = Field("type"),
            EventId = Field("event"),
            UrlHost = Field("host"),
            Status = int.TryParse(Field("status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null,
            Reason = Field("reason"),
            Permanent = Field("permanent") == "1",
            Attempts = int.TryParse(Field("attempts"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            At = DateTimeOffset.TryParse(Field("at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default,
            Body = Field("body"),
        };
    }
}
