using System.Text.Json;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Holding;

/// <summary>
/// Notifications the router holds until a note on the delay ladder comes back: the delay windows
/// (<see cref="HeldFamily.Window"/>) and the quiet-hours summaries (<see cref="HeldFamily.Quiet"/>). One store, one set
/// of keys per family (every key after <c>Redis:KeyPrefix</c>; <c>{f}</c> is the family's name):
/// <list type="bullet">
/// <item>the open hold, a hash under a key its caller names (<c>window:{channel}:{recipientId}:{conversationId}</c>, or
/// the summary id <c>quiet:{recipientId}:{channel}:{endTicks}</c>): the hold's id (field <c>window</c> or <c>summary</c>),
/// <c>until</c> when it ends (unix ms), <c>noting</c> the notification that sends its note, <c>noted</c> once the note is on the ladder, and <c>n:{notificationId}</c> each
/// held notification as JSON. It expires a day after the hold should have ended, so one whose note was lost does not stay.</item>
/// <item><c>{f}-taken:{id}</c> hash: the hold as its end took it, until its commands or suppressions are out (a router
/// that dies in between finds it here when the note is redelivered).</item>
/// <item><c>{f}-done:{id}</c> string, a day: the hold was released; a second note for it does nothing.</item>
/// <item><c>{f}-pending:{channel}</c> integer: notifications held in the channel's holds, up as one is held and down
/// as its hold is released or expires, for the dashboard's pending panel. What each open hold counts is in
/// <c>{f}-pending-held:{channel}</c> (hash, id: notifications) and when it expires in <c>{f}-pending-expiry:{channel}</c>
/// (sorted set, id: unix ms), one entry per hold, not per notification, written when the hold opens: a hold that expired
/// without its note is counted down when the channel's next hold opens or one is released.</item>
/// </list>
/// Each step is one script, so a notification joins either the hold that is ending or a new one, never neither, and
/// is counted once however often its message is redelivered.
/// </summary>
public sealed class HeldNotifications(IConnectionMultiplexer redis, RedisKeys keys, HeldFamily family)
{
    /// <summary>How long a hold is kept after it should have ended, and a taken or released one remembered: far longer than a note may be late.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const string ItemPrefix = "n:";

    // Shared by the scripts that change the count: holds of the channel past their expiry (their hash gone with their
    // note) are counted down, a few at a time so no script runs long. KEYS[3..5]: count, held per hold, expiry per hold.
    private const string SweepExpired = """
        local function sweep()
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, 16)) do
            local held = tonumber(redis.call('HGET', KEYS[4], id) or '0')
            if held > 0 then redis.call('DECRBY', KEYS[3], held) end
            redis.call('HDEL', KEYS[4], id)
            redis.call('ZREM', KEYS[5], id)
          end
          return now
        end
        local function pending()
          local left = tonumber(redis.call('GET', KEYS[3]) or '0')
          if left < 0 then redis.call('SET', KEYS[3], 0); left = 0 end
          return left
        end
        """;

    // KEYS: the hold, its done marker (for the id it would open with), count, held per hold, expiry per hold.
    // ARGV: notification id, its JSON, the hold's lifetime (ms), the id it opens with, its end (unix ms), id field,
    // refused once done ('1'). Returns { id ('' when refused), 1 when this notification sends the note, pending in the channel, the hold's end (unix ms) }.
    // The expiry entry is written once, by the notification that opens the hold (its hash's lifetime is set then and never
    // again), and the channel's expired holds are swept then: a notification joining an open hold neither moves the
    // entry nor sweeps, so a busy window costs its joins no sorted-set work. The next hold to open, or a release,
    // counts down what expired meanwhile.
    private const string AddScript = SweepExpired + "\n" + """
        if ARGV[7] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then return { '', 0, pending(), '' } end
        local id = redis.call('HGET', KEYS[1], ARGV[6])
        if not id then
          id = ARGV[4]
          local now = sweep()
          redis.call('HSET', KEYS[1], ARGV[6], id)
          redis.call('HSETNX', KEYS[1], 'until', ARGV[5])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          redis.call('ZADD', KEYS[5], now + tonumber(ARGV[3]), id)
        end
        local field = 'n:' .. ARGV[1]
        if redis.call('HEXISTS', KEYS[1], field) == 0 then
          if redis.call('HEXISTS', KEYS[4], id) == 0 then
            -- A window opened before holds kept their own count (and expiry entry): start from what it holds already.
            local before = 0
            for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(name, 1, 2) == 'n:' then before = before + 1 end
            end
            redis.call('HSET', KEYS[4], id, before)
            local time = redis.call('TIME')
            redis.call('ZADD', KEYS[5], 'NX', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + redis.call('PTTL', KEYS[1]), id)
          end
          redis.call('HSET', KEYS[1], field, ARGV[2])
          redis.call('INCR', KEYS[3])
          redis.call('HINCRBY', KEYS[4], id, 1)
        end
        -- One note per hold: the first notification to find it un-noted claims the note ('noting'), so two messages of
        -- one conversation consumed at once do not both send one (each would release the hold: suppressions twice). The
        -- claimant's own redelivery (its publish failed or the router died before it) claims it again.
        local needsNote = 0
        if redis.call('HEXISTS', KEYS[1], 'noted') == 0 then
          local noting = redis.call('HGET', KEYS[1], 'noting')
          if not noting then
            redis.call('HSET', KEYS[1], 'noting', ARGV[1])
            needsNote = 1
          elseif noting == ARGV[1] then
            needsNote = 1
          end
        end
        return { id, needsNote, pending(), redis.call('HGET', KEYS[1], 'until') or ARGV[5] }
        """;

    // KEYS: the hold. ARGV: its id, id field. Only the hold the note was sent for, so one gone meanwhile is not recreated.
    private const string NotedScript = """
        if redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[1] then redis.call('HSET', KEYS[1], 'noted', '1') end
        return 1
        """;

    // KEYS: the hold, taken, done, expiry per hold. ARGV: its id, retention (ms), id field. Returns the taken hold's
    // fields (flat name/value list), or false when it was released or the hash is another hold. A hash without an id (a
    // summary held before both families shared this store) is the one its key names. The taken hold is counted until it
    // expires too, so a note that comes late does not see it counted down twice.
    private const string TakeScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local named = redis.call('HGET', KEYS[1], ARGV[3])
        if named and named ~= ARGV[1] then return false end
        redis.call('RENAME', KEYS[1], KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        local time = redis.call('TIME')
        redis.call('ZADD', KEYS[4], 'XX', tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + tonumber(ARGV[2]), ARGV[1])
        return redis.call('HGETALL', KEYS[2])
        """;

    // KEYS: taken, done, count, held per hold, expiry per hold. ARGV: retention (ms), its id. Counts down only the
    // first time (a hold already done has neither its entry nor its taken hash left); a hold opened before the entries
    // existed, and never joined since, is counted by its taken notifications. Returns the channel's pending count.
    private const string DoneScript = SweepExpired + "\n" + """
        sweep()
        local held = redis.call('HGET', KEYS[4], ARGV[2])
        if not held then
          held = 0
          for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
            if string.sub(field, 1, 2) == 'n:' then held = held + 1 end
          end
        end
        held = tonumber(held)
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
        redis.call('HDEL', KEYS[4], ARGV[2])
        redis.call('ZREM', KEYS[5], ARGV[2])
        if held > 0 then redis.call('DECRBY', KEYS[3], held) end
        return pending()
        """;

    public HeldFamily Family => family;

    public RedisKey Taken(string id) => keys.Key($"{family.Name}-taken:{id}");

    public RedisKey Done(string id) => keys.Key($"{family.Name}-done:{id}");

    public RedisKey PendingCount(string channel) => keys.Key($"{family.Name}-pending:{channel}");

    private RedisKey HeldPerHold(string channel) => keys.Key($"{family.Name}-pending-held:{channel}");

    private RedisKey ExpiryPerHold(string channel) => keys.Key($"{family.Name}-pending-expiry:{channel}");

    /// <summary>Holds the notification under <paramref name="holdKey"/>, opening a hold with <paramref name="openingId"/> if none is open.</summary>
    /// <param name="until">When the hold ends, if this notification opens it; it is kept <see cref="Retention"/> longer.</param>
    public async Task<HoldResult> AddAsync(string holdKey, string channel, PendingNotification pending, string openingId, DateTimeOffset until, TimeSpan untilEnd)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [keys.Key(holdKey), Done(openingId), PendingCount(channel), HeldPerHold(channel), ExpiryPerHold(channel)],
            [pending.NotificationId, StoredPendingJson.Serialize(pending), (long)(untilEnd + Retention).TotalMilliseconds,
             openingId, until.ToUnixTimeMilliseconds(), family.IdField, family.RefusedOnceDone ? "1" : "0"]))!;
        var count = (long)result[2];
        HeldMetrics.PendingCounted(family, channel, count);
        var id = (string)result[0]!;
        if (id.Length == 0)
            return new HoldResult(null, false, count, until);
        var end = long.TryParse((string?)result[3], out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : until;
        return new HoldResult(id, (long)result[1] == 1, count, end);
    }

    /// <summary>Records that the hold's note is on the ladder, so later notifications of the hold do not send another.</summary>
    public Task NotedAsync(string holdKey, string id) =>
        redis.GetDatabase().ScriptEvaluateAsync(NotedScript, [keys.Key(holdKey)], [id, family.IdField]);

    /// <summary>Takes the hold (into <c>{f}-taken:{id}</c>): its notifications, oldest message first; null when it was released already.</summary>
    public async Task<IReadOnlyList<PendingNotification>?> TakeAsync(string holdKey, string channel, string id)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [keys.Key(holdKey), Taken(id), Done(id), ExpiryPerHold(channel)],
            [id, (long)Retention.TotalMilliseconds, family.IdField]);
        if (result.IsNull)
            return null;
        var fields = (RedisResult[])result!;
        var pending = new List<PendingNotification>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (((string)fields[i]!).StartsWith(ItemPrefix, StringComparison.Ordinal))
                pending.Add(StoredPendingJson.Deserialize((string)fields[i + 1]!, ((string)fields[i]!)[ItemPrefix.Length..]));
        }
        return pending.OrderBy(p => p.Message.PostedAt).ThenBy(p => p.NotificationId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The hold's commands or suppressions are out: forget it, count it down, and ignore any later note for it.</summary>
    /// <returns>How many notifications are still held in the channel's holds.</returns>
    public async Task<long> DoneAsync(string channel, string id)
    {
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(DoneScript,
            [Taken(id), Done(id), PendingCount(channel), HeldPerHold(channel), ExpiryPerHold(channel)],
            [(long)Retention.TotalMilliseconds, id]);
        HeldMetrics.PendingCounted(family, channel, count);
        return count;
    }
}

/// <summary>What holding a notification did.</summary>
/// <param name="Id">The hold's id; null when the hold was released already and refuses late notifications (<see cref="HeldFamily.RefusedOnceDone"/>).</param>
/// <param name="NeedsNote">True for the one notification that sends the hold's note: the first held in it, again when its own
/// message is redelivered before the note was recorded (its publish failed, or a crash cut it off).</param>
/// <param name="Pending">How many notifications are now held in the channel's holds of this family.</param>
/// <param name="Until">When the hold ends (that of an open hold the notification joined).</param>
public sealed record HoldResult(string? Id, bool NeedsNote, long Pending, DateTimeOffset Until);
