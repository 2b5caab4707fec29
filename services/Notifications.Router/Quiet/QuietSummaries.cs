using System.Text.Json;
using Notifications.Router.Directory;
using Notifications.Router.Window;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Quiet;

/// <summary>
/// The catch-up summaries of quiet hours, in Redis (every key after <c>Redis:KeyPrefix</c>), in the delay window's shape:
/// <list type="bullet">
/// <item><c>{summaryId}</c> hash: <c>noted</c> once its note is on the delay ladder, and <c>n:{notificationId}</c> each
/// held notification as JSON. Expires a day after the quiet hours end, so a summary whose note was lost does not stay.</item>
/// <item><c>quiet-taken:{summaryId}</c> hash: the summary as the end took it, until its command is out.</item>
/// <item><c>quiet-done:{summaryId}</c> string, a day: the summary was sent; a second note for it does nothing.</item>
/// </list>
/// The summary id (<see cref="SummaryId"/>) names the recipient, the channel and the UTC instant the quiet hours end,
/// so every notification held in the same quiet hours finds the same summary without a lookup.
/// </summary>
public sealed class QuietSummaries(IConnectionMultiplexer redis, RedisKeys keys)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const string ItemPrefix = "n:";

    // KEYS: the summary, done. ARGV: notification id, its JSON, the summary's lifetime (ms).
    // Returns -1 when the summary was sent already (the notification is late: send it as usual), else whether it is noted.
    private const string AddScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
        redis.call('HSETNX', KEYS[1], 'n:' .. ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('HEXISTS', KEYS[1], 'noted')
        """;

    // KEYS: the summary. Only a summary that exists, so one taken meanwhile is not recreated.
    private const string NotedScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'noted', '1') end
        return 1
        """;

    // KEYS: the summary, taken, done. ARGV: retention (ms). Returns the taken summary's fields, or false when it was sent.
    private const string TakeScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('RENAME', KEYS[1], KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return redis.call('HGETALL', KEYS[2])
        """;

    // KEYS: taken, done. ARGV: retention (ms).
    private const string DoneScript = """
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
        return 1
        """;

    /// <summary>One summary per recipient, channel and quiet hours (their end, in UTC ticks).</summary>
    public static string SummaryId(string recipientId, string channel, DateTimeOffset endUtc) => $"quiet:{recipientId}:{channel}:{endUtc.UtcTicks}";

    private RedisKey Summary(string summaryId) => keys.Key(summaryId);

    private RedisKey Taken(string summaryId) => keys.Key($"quiet-taken:{summaryId}");

    private RedisKey Done(string summaryId) => keys.Key($"quiet-done:{summaryId}");

    /// <summary>Holds the notification in the summary.</summary>
    /// <returns>Null when the summary was sent already, else whether its note still has to be sent.</returns>
    public async Task<bool?> AddAsync(string summaryId, PendingNotification pending, TimeSpan untilEnd)
    {
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(AddScript, [Summary(summaryId), Done(summaryId)],
            [pending.NotificationId, JsonSerializer.Serialize(pending, ParticipantDirectory.Json), (long)(untilEnd + Retention).TotalMilliseconds]);
        return result < 0 ? null : result == 0;
    }

    public Task NotedAsync(string summaryId) => redis.GetDatabase().ScriptEvaluateAsync(NotedScript, [Summary(summaryId)]);

    /// <summary>Takes the summary: its notifications, oldest message first; null when it was sent already.</summary>
    public async Task<IReadOnlyList<PendingNotification>?> TakeAsync(string summaryId)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [Summary(summaryId), Taken(summaryId), Done(summaryId)], [(long)Retention.TotalMilliseconds]);
        if (result.IsNull)
            return null;
        var fields = (RedisResult[])result!;
        var pending = new List<PendingNotification>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (((string)fields[i]!).StartsWith(ItemPrefix, StringComparison.Ordinal))
                pending.Add(JsonSerializer.Deserialize<PendingNotification>((string)fields[i + 1]!, ParticipantDirectory.Json)!);
        }
        return pending.OrderBy(p => p.Message.PostedAt).ThenBy(p => p.NotificationId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The summary's command is out: forget it, and ignore any later note for it.</summary>
    public Task DoneAsync(string summaryId) =>
        redis.GetDatabase().ScriptEvaluateAsync(DoneScript, [Taken(summaryId), Done(summaryId)], [(long)Retention.TotalMilliseconds]);
}
