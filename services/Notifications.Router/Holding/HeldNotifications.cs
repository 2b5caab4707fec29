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
/// <c>until</c> when it ends (unix ms), <c>noting</c> the notification that sends its note (until it is sent),
/// <c>noted</c> once the note is on the ladder, and <c>n:{notificationId}</c> each held notification
/// (<see cref="StoredPending"/>). It expires a day after the hold should have ended (at the end of that minute), so one
/// whose note was lost does not stay.</item>
/// <item><c>{f}-taken:{id}</c> hash: the hold as its end took it, until its commands or suppressions are out (a router
/// that dies in between finds it here when the note is redelivered).</item>
/// <item><c>{f}-done:{id}</c> string, a day: the hold was released; a second note for it does nothing.</item>
/// <item><c>{f}-pending:{channel}</c> integer: notifications held in the channel's holds, up as one is held and down
/// as its hold is released or expires, for the dashboard's pending panel. <c>{f}-pending-expiring:{channel}</c> (hash,
/// minute: notifications) says how many of them are in holds that expire in each minute, and <c>swept</c> up to which
/// minute the holds that expired unreleased were counted down (when the channel's next hold opens, or one is
/// released). Per minute, not per hold: the count costs no bytes per
/// pending notification (a sorted set and a hash per hold cost about 260 bytes each, a quarter of a pending
/// notification's footprint).</item>
/// </list>
/// Each step is one script, so a notification joins either the hold that is ending or a new one, never neither, and
/// is counted once however often its message is redelivered.
/// <para>Holds counted by the per-hold entries of the version before (<c>{f}-pending-held:{channel}</c>,
/// <c>{f}-pending-expiry:{channel}</c>) keep being counted that way until they are gone (a day at most).</para>
/// </summary>
public sealed class HeldNotifications(IConnectionMultiplexer redis, RedisKeys keys, HeldFamily family,
    TimeSpan? keptAfterEnd = null, TimeSpan? countBucket = null)
{
    /// <summary>How long a hold is kept after it should have ended, and a taken or released one remembered: far longer than a note may be late.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(1);

    private const string ItemPrefix = "n:";

    // Both shorter only in tests, which see a hold expire unreleased in seconds rather than a day.
    private readonly TimeSpan retention = keptAfterEnd ?? DefaultRetention;

    // The width of one expiry bucket of the pending count: a minute.
    private readonly long bucketMs = (long)(countBucket ?? TimeSpan.FromMinutes(1)).TotalMilliseconds;

    // Shared by the scripts. Every script gets KEYS: the hold, taken, done, count, expiry buckets, and the two per-hold
    // entries of the version before (held per hold, expiry per hold); and the bucket width (ms) as its last ARGV.
    // A hold expires at the end of its bucket (bucket b ends at b * width), so the bucket read back from its TTL is
    // always the one it was counted in, and once a bucket has ended every hold in it has expired.
    private const string Counting = """
        local width = tonumber(ARGV[#ARGV])
        local function now_ms()
          local time = redis.call('TIME')
          return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        end
        local function bucket_of(ms) return string.format('%d', math.ceil(ms / width)) end
        local function bucket_end(ms) return math.ceil(ms / width) * width end
        local function held_in(key)
          local n = 0
          for _, name in ipairs(redis.call('HKEYS', key)) do
            if string.sub(name, 1, 2) == 'n:' then n = n + 1 end
          end
          return n
        end
        -- Takes n from a bucket; false when the bucket was swept already (its holds were counted down then).
        local function take_from(bucket, n)
          local left = redis.call('HGET', KEYS[5], bucket)
          if not left then return false end
          if tonumber(left) - n <= 0 then redis.call('HDEL', KEYS[5], bucket) else redis.call('HINCRBY', KEYS[5], bucket, -n) end
          return true
        end
        -- Holds of the channel past their expiry (their hash gone with their note) are counted down: every bucket that
        -- ended since the last sweep, at most 256 a call so no script runs long; and the entries of the version before.
        local function sweep(now)
          local ended = math.floor(now / width)
          local swept = tonumber(redis.call('HGET', KEYS[5], 'swept') or ended)
          local last = math.min(ended, swept + 256)
          for b = swept + 1, last do
            local bucket = string.format('%d', b)
            local held = tonumber(redis.call('HGET', KEYS[5], bucket) or '0')
            if held > 0 then redis.call('DECRBY', KEYS[4], held) end
            if held ~= 0 then redis.call('HDEL', KEYS[5], bucket) end
          end
          redis.call('HSET', KEYS[5], 'swept', string.format('%d', last))
          for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', now, 'LIMIT', 0, 16)) do
            local held = tonumber(redis.call('HGET', KEYS[6], id) or '0')
            if held > 0 then redis.call('DECRBY', KEYS[4], held) end
            redis.call('HDEL', KEYS[6], id)
            redis.call('ZREM', KEYS[7], id)
          end
        end
        local function pending()
          local left = tonumber(redis.call('GET', KEYS[4]) or '0')
          if left < 0 then redis.call('SET', KEYS[4], 0); left = 0 end
          return left
        end
        """;

    // ARGV: notification id, its stored form, the hold's lifetime (ms), the id it opens with, its end (unix ms), id
    // field, refused once done ('1'), bucket width. Returns { id ('' when refused), 1 when this notification sends the
    // note, pending in the channel, the hold's end (unix ms) }.
    private const string AddScript = Counting + "\n" + """
        local now = now_ms()
        if ARGV[7] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then return { '', 0, pending(), '' } end
        local id = redis.call('HGET', KEYS[1], ARGV[6])
        if not id then
          -- Expired holds are swept when one opens (and at a release), not at every join, so a busy hold's joins stay cheap.
          sweep(now)
          id = ARGV[4]
          redis.call('HSET', KEYS[1], ARGV[6], id)
          redis.call('HSETNX', KEYS[1], 'until', ARGV[5])
          redis.call('PEXPIREAT', KEYS[1], bucket_end(now + tonumber(ARGV[3])))
        end
        local field = 'n:' .. ARGV[1]
        if redis.call('HEXISTS', KEYS[1], field) == 0 then
          redis.call('HSET', KEYS[1], field, ARGV[2])
          redis.call('INCR', KEYS[4])
          if redis.call('HEXISTS', KEYS[6], id) == 1 then
            redis.call('HINCRBY', KEYS[6], id, 1)
          else
            redis.call('HINCRBY', KEYS[5], bucket_of(now + redis.call('PTTL', KEYS[1])), 1)
          end
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
    // The claim is dropped with the note on the ladder: 'noted' answers every later notification, and the claim's field
    // would cost each pending hold another hundred bytes.
    private const string NotedScript = """
        if redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[1] then
          redis.call('HSET', KEYS[1], 'noted', '1')
          redis.call('HDEL', KEYS[1], 'noting')
        end
        return 1
        """;

    // ARGV: its id, retention (ms), id field, bucket width. Returns the taken hold's fields (flat name/value list), or
    // false when it was released or the hash is another hold. A hash without an id (a summary held before both families
    // shared this store) is the one its key names. The taken hold is counted until it expires too (its count moves to
    // the bucket it now expires in), so a note that comes late does not see it counted down twice.
    private const string TakeScript = Counting + "\n" + """
        if redis.call('EXISTS', KEYS[3]) == 1 then return false end
        if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local named = redis.call('HGET', KEYS[1], ARGV[3])
        if named and named ~= ARGV[1] then return false end
        local now = now_ms()
        local counted_in = bucket_of(now + redis.call('PTTL', KEYS[1]))
        local expires = bucket_end(now + tonumber(ARGV[2]))
        redis.call('RENAME', KEYS[1], KEYS[2])
        redis.call('PEXPIREAT', KEYS[2], expires)
        if redis.call('HEXISTS', KEYS[6], ARGV[1]) == 1 then
          redis.call('ZADD', KEYS[7], 'XX', expires, ARGV[1])
        else
          local held = held_in(KEYS[2])
          if held > 0 and take_from(counted_in, held) then redis.call('HINCRBY', KEYS[5], bucket_of(expires), held) end
        end
        return redis.call('HGETALL', KEYS[2])
        """;

    // ARGV: its id, retention (ms), bucket width. Counts down only the first time (a hold already done has no taken
    // hash left). Returns the channel's pending count.
    private const string DoneScript = Counting + "\n" + """
        local now = now_ms()
        sweep(now)
        local before = redis.call('HGET', KEYS[6], ARGV[1])
        if before then
          if tonumber(before) > 0 then redis.call('DECRBY', KEYS[4], before) end
          redis.call('HDEL', KEYS[6], ARGV[1])
          redis.call('ZREM', KEYS[7], ARGV[1])
        elseif redis.call('EXISTS', KEYS[2]) == 1 then
          local held = held_in(KEYS[2])
          if held > 0 and take_from(bucket_of(now + redis.call('PTTL', KEYS[2])), held) then redis.call('DECRBY', KEYS[4], held) end
        end
        redis.call('DEL', KEYS[2])
        redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
        return pending()
        """;

    public HeldFamily Family => family;

    public RedisKey Taken(string id) => keys.Key($"{family.Name}-taken:{id}");

    public RedisKey Done(string id) => keys.Key($"{family.Name}-done:{id}");

    public RedisKey PendingCount(string channel) => keys.Key($"{family.Name}-pending:{channel}");

    private RedisKey ExpiringPerMinute(string channel) => keys.Key($"{family.Name}-pending-expiring:{channel}");

    // The per-hold entries of the version before, read until the holds they count are gone.
    private RedisKey HeldPerHold(string channel) => keys.Key($"{family.Name}-pending-held:{channel}");

    private RedisKey ExpiryPerHold(string channel) => keys.Key($"{family.Name}-pending-expiry:{channel}");

    /// <summary>Every script's keys, in the order <see cref="Counting"/> reads them.</summary>
    private RedisKey[] KeysOf(RedisKey hold, string channel, string id) =>
        [hold, Taken(id), Done(id), PendingCount(channel), ExpiringPerMinute(channel), HeldPerHold(channel), ExpiryPerHold(channel)];

    /// <summary>Holds the notification under <paramref name="holdKey"/>, opening a hold with <paramref name="openingId"/> if none is open.</summary>
    /// <param name="until">When the hold ends, if this notification opens it; it is kept a day longer.</param>
    public async Task<HoldResult> AddAsync(string holdKey, string channel, PendingNotification pending, string openingId, DateTimeOffset until, TimeSpan untilEnd)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AddScript, KeysOf(keys.Key(holdKey), channel, openingId),
            [pending.NotificationId, StoredPending.Serialize(pending), (long)(untilEnd + retention).TotalMilliseconds,
             openingId, until.ToUnixTimeMilliseconds(), family.IdField, family.RefusedOnceDone ? "1" : "0", bucketMs]))!;
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
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, KeysOf(keys.Key(holdKey), channel, id),
            [id, (long)retention.TotalMilliseconds, family.IdField, bucketMs]);
        if (result.IsNull)
            return null;
        var fields = (RedisResult[])result!;
        var pending = new List<PendingNotification>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (((string)fields[i]!).StartsWith(ItemPrefix, StringComparison.Ordinal))
                pending.Add(StoredPending.Deserialize((RedisValue)fields[i + 1], ((string)fields[i]!)[ItemPrefix.Length..]));
        }
        return pending.OrderBy(p => p.Message.PostedAt).ThenBy(p => p.NotificationId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The hold's commands or suppressions are out: forget it, count it down, and ignore any later note for it.</summary>
    /// <returns>How many notifications are still held in the channel's holds.</returns>
    public async Task<long> DoneAsync(string channel, string id)
    {
        // The open hold's key is not needed here (it was renamed to the taken one): the taken key stands in its place.
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(DoneScript, KeysOf(Taken(id), channel, id),
            [id, (long)retention.TotalMilliseconds, bucketMs]);
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
