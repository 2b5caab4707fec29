using System.Text.Json;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Window;

/// <summary>
/// The open delay windows, in Redis (every key after <c>Redis:KeyPrefix</c>):
/// <list type="bullet">
/// <item><c>window:{channel}:{recipientId}:{conversationId}</c> hash: <c>window</c> the window's id (its first
/// notification's), <c>until</c> when it ends (unix ms), <c>noted</c> once its note is on the delay ladder, and <c>n:{notificationId}</c> each pending
/// notification as JSON. Expires a day after the window should have ended, so a window whose note was lost does not stay.</item>
/// <item><c>window-taken:{windowId}</c> hash: the window as its end took it, until its command or suppressions are out
/// (a router that dies in between finds it again when the note is redelivered).</item>
/// <item><c>window-done:{windowId}</c> string, a day: the window was released; a second note for it does nothing.</item>
/// <item><c>window-pending:{channel}</c> integer: notifications waiting in the channel's windows, counted up as one
/// joins and down as its window is released, for the dashboard's pending panel (a window whose note was lost and
/// that expired is never counted down: the count may stay high by what such windows held).</item>
/// </list>
/// Each step is one script, so a notification joins either the window that is ending or a new one, never neither.
/// </summary>
public sealed class PendingWindows(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>How long a taken or released window is remembered: far longer than a note may be late.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const string ItemPrefix = "n:";

    // KEYS: the window, the channel's pending count. ARGV: notification id, its JSON, the window's lifetime (ms), its end
    // if this opens it (unix ms). Adding the same notification again (a redelivered MessagePosted) keeps the one stored
    // and counts it once. Returns { window id, noted, pending in the channel, the window's end (unix ms) }.
    private const string AddScript = """
        local field = 'n:' .. ARGV[1]
        if redis.call('HEXISTS', KEYS[1], field) == 0 then
          redis.call('HSET', KEYS[1], field, ARGV[2])
          redis.call('INCR', KEYS[2])
        end
        local id = redis.call('HGET', KEYS[1], 'window')
        if not id then
          id = ARGV[1]
          redis.call('HSET', KEYS[1], 'window', id, 'until', ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        local untilMs = redis.call('HGET', KEYS[1], 'until') or ARGV[4]
        return { id, redis.call('HEXISTS', KEYS[1], 'noted'), tonumber(redis.call('GET', KEYS[2]) or '0'), untilMs }
        """;

    // KEYS: the window. ARGV: window id. Only the window the note was sent for, so a window gone meanwhile is not recreated.
    private const string NotedScript = """
        if redis.call('HGET', KEYS[1], 'window') == ARGV[1] then redis.call('HSET', KEYS[1], 'noted', '1') end
        return 1
        """;

    // KEYS: the window, taken, done. ARGV: window id, retention (ms).
    // Returns the taken window's fields (flat name/value list), or false when it was released or is another window.
    private const string TakeScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
        if redis.call('HGET', KEYS[1], 'window') ~= ARGV[1] then return false end
        redis.call('RENAME', KEYS[1], KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return redis.call('HGETALL', KEYS[2])
        """;

    // KEYS: taken, done, the channel's pending count. ARGV: retention (ms). Counts down only the first time (a window
    // already done has no taken hash left), never below 0. Returns the channel's pending count.
    private const string DoneScript = """
        local held = 0
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          if string.sub(field, 1, 2) == 'n:' then held = held + 1 end
        end
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
        if held > 0 then
          local left = redis.call('DECRBY', KEYS[3], held)
          if left < 0 then redis.call('SET', KEYS[3], 0) end
        end
        return math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), 0)
        """;

    public RedisKey Window(string channel, string recipientId, string conversationId) => keys.Key($"window:{channel}:{recipientId}:{conversationId}");

    public RedisKey Taken(string windowId) => keys.Key($"window-taken:{windowId}");

    public RedisKey Done(string windowId) => keys.Key($"window-done:{windowId}");

    public RedisKey PendingCount(string channel) => keys.Key($"window-pending:{channel}");

    /// <summary>Puts the notification into its window, opening one if none is open.</summary>
    /// <param name="until">When the window ends if this notification opens it.</param>
    /// <returns>The window's id, whether its note still has to be sent (a new window, or one whose note a crash cut
    /// off), how many notifications now wait in the channel's windows, and when the window ends (that of an open window
    /// the notification joined; <paramref name="until"/> for one opened before windows recorded their end).</returns>
    public async Task<(string WindowId, bool NeedsNote, long Pending, DateTimeOffset Until)> AddAsync(string channel, PendingNotification pending, TimeSpan window, DateTimeOffset until)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [Window(channel, pending.Recipient.Id, pending.Message.ConversationId), PendingCount(channel)],
            [pending.NotificationId, JsonSerializer.Serialize(pending, ParticipantDirectory.Json), (long)(window + Retention).TotalMilliseconds, until.ToUnixTimeMilliseconds()]))!;
        var end = long.TryParse((string?)result[3], out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : until;
        return ((string)result[0]!, (long)result[1] == 0, (long)result[2], end);
    }

    /// <summary>Records that the window's note is on the ladder, so later notifications of the window do not send another.</summary>
    public Task NotedAsync(DelayWindowElapsed note) =>
        redis.GetDatabase().ScriptEvaluateAsync(NotedScript, [Window(note.Channel, note.RecipientId, note.ConversationId)], [note.WindowId]);

    /// <summary>Takes the window the note is for: its notifications, oldest message first; null when it was released already.</summary>
    public async Task<IReadOnlyList<PendingNotification>?> TakeAsync(DelayWindowElapsed note)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
            [Window(note.Channel, note.RecipientId, note.ConversationId), Taken(note.WindowId), Done(note.WindowId)],
            [note.WindowId, (long)Retention.TotalMilliseconds]);
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

    /// <summary>The window's command or suppressions are out: forget it, and ignore any later note for it.</summary>
    /// <returns>How many notifications still wait in the channel's windows.</returns>
    public async Task<long> DoneAsync(string channel, string windowId) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(DoneScript, [Taken(windowId), Done(windowId), PendingCount(channel)], [(long)Retention.TotalMilliseconds]);
}
