using System.Globalization;
using System.Text.Json;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SharedState.Presence;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using Notifications.SharedState.Transcripts;
using StackExchange.Redis;

namespace Notifications.Email.Digest;

/// <summary>A notification folded into a digest: what is needed to report on it.</summary>
/// <param name="OnlyWhileOffline">Its row notified the recipient only because they were offline (A3, A4, U1, ...):
/// moot once they are online. Entries queued before this was recorded read false, so they are sent.</param>
public sealed record PendingNotification(string NotificationId, string Rule, NotifiedMessage Message, bool OnlyWhileOffline = false);

/// <summary>A claimed (recipient, conversation) entry: who to write to and which notifications it answers.</summary>
/// <param name="LastSentAt">The transcript cursor: when the last digest's latest message was posted, never later than it was sent.</param>
/// <param name="SentMessageIds">The messages already emailed to the recipient in this conversation's digests.</param>
public sealed record ClaimedDigest(string EntryId, double Lease, NotificationRecipient Recipient, string ConversationId,
    IReadOnlyList<PendingNotification> Notifications, long LastSentAt, IReadOnlySet<string>? SentMessageIds = null)
{
    /// <summary>Whether <paramref name="messageId"/> was in an earlier digest email.</summary>
    public bool WasSent(string messageId) => SentMessageIds?.Contains(messageId) == true;

    /// <summary>When the claim runs out and another flush may take the entry (the lease score is unix µs).</summary>
    public DateTimeOffset LeaseExpiresAt => DateTimeOffset.FromUnixTimeMilliseconds((long)(Lease / 1000));
}

/// <summary>
/// Digest mode's Redis layout (every key under <c>Redis:KeyPrefix</c>):
/// <list type="bullet">
/// <item><c>digest:pending</c> sorted set: entry ids (<c>{recipientId}|{conversationId}</c>, each part URI-escaped), scored by when first queued.</item>
/// <item><c>digest:processing</c> sorted set: entries a flush claimed, scored by lease expiry (unix µs, randomised so the score is the claim's token).</item>
/// <item><c>digest:entry:{entryId}</c> hash: <c>recipient</c> (JSON, the latest details) and one <c>n:{notificationId}</c> field per queued notification (JSON).</item>
/// <item><c>digest:last:{entryId}</c> string: <c>postedAt</c> (unix ms) of the latest message already emailed to the recipient,
/// never later than when it was emailed. Only a cursor that bounds how much of the transcript is read.</item>
/// <item><c>digest:sent:{entryId}</c> sorted set: the ids of the messages already emailed, scored by when that was. What a
/// digest says is decided by these ids, not by time: a message dated in 2099, or a late one dated before the cursor, neither
/// hides later messages nor is itself left out.</item>
/// </list>
/// Claiming moves entries from pending to processing in one Lua script, so two flushes never hold the same
/// entry; an entry whose lease expired (its flush died) is claimed again by the next flush.
/// </summary>
public sealed class DigestStore(IConnectionMultiplexer redis, RedisKeys keys, DeliveryLedger ledger, PresenceReader presence)
{
    private static readonly TimeSpan LastSentRetention = TimeSpan.FromDays(30);
    private static readonly JsonSerializerOptions Json = TranscriptKeys.Json;

    // KEYS: ledger, entry hash, pending. ARGV: recipient JSON, field, notification JSON, entry id, now (ms).
    private const string EnqueueScript = """
        local handled = redis.call('GET', KEYS[1]) or ''
        if handled == 'finished' or string.sub(handled, 1, 5) == 'sent:' then return 0 end
        redis.call('HSET', KEYS[2], 'recipient', ARGV[1], ARGV[2], ARGV[3])
        redis.call('ZADD', KEYS[3], 'NX', ARGV[5], ARGV[4])
        return 1
        """;

    // KEYS: pending, processing. ARGV: now (µs), lease score, limit.
    private const string ClaimScript = """
        local limit = tonumber(ARGV[3])
        local claimed = {}
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, limit)
        for _, entry in ipairs(expired) do
          redis.call('ZADD', KEYS[2], ARGV[2], entry)
          redis.call('ZREM', KEYS[1], entry)
          table.insert(claimed, entry)
        end
        if #claimed < limit then
          local pending = redis.call('ZRANGE', KEYS[1], 0, limit - 1)
          for _, entry in ipairs(pending) do
            if #claimed >= limit then break end
            if not redis.call('ZSCORE', KEYS[2], entry) then
              redis.call('ZREM', KEYS[1], entry)
              redis.call('ZADD', KEYS[2], ARGV[2], entry)
              table.insert(claimed, entry)
            end
          end
        end
        return claimed
        """;

    // KEYS: processing, entry hash, last-sent, pending. ARGV: entry id, lease score, last sent ('' = keep), retention ms, fields...
    private const string CompleteScript = """
        local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not lease or tonumber(lease) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        for i = 5, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
        if ARGV[3] ~= '' then
          local previous = tonumber(redis.call('GET', KEYS[3]) or '0')
          if tonumber(ARGV[3]) > previous then redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4]) end
        end
        if redis.call('HLEN', KEYS[2]) <= 1 then
          redis.call('DEL', KEYS[2])
          redis.call('ZREM', KEYS[4], ARGV[1])
        end
        return 1
        """;

    // KEYS: processing, pending. ARGV: entry id, lease score, now (ms).
    private const string ReleaseScript = """
        local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not lease or tonumber(lease) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1])
        return 1
        """;

    public RedisKey Pending => keys.Key("digest:pending");

    public RedisKey Processing => keys.Key("digest:processing");

    public RedisKey Entry(string entryId) => keys.Key("digest:entry:" + entryId);

    public RedisKey LastSent(string entryId) => keys.Key("digest:last:" + entryId);

    public RedisKey Sent(string entryId) => keys.Key("digest:sent:" + entryId);

    /// <summary>Remembers the messages a digest email carried, right after the provider accepted it.</summary>
    public async Task RememberSentAsync(string entryId, IEnumerable<string> messageIds)
    {
        var db = redis.GetDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var key = Sent(entryId);
        await db.SortedSetAddAsync(key, messageIds.Select(id => new SortedSetEntry(id, now)).ToArray());
        await db.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, now - (long)LastSentRetention.TotalMilliseconds);
        await db.KeyExpireAsync(key, LastSentRetention);
    }

    public static string EntryIdOf(string recipientId, string conversationId) =>
        Uri.EscapeDataString(recipientId) + "|" + Uri.EscapeDataString(conversationId);

    /// <summary>Queues a notification for the next digest.</summary>
    /// <returns>False when the notification was handled before (a redelivered command).</returns>
    public async Task<bool> EnqueueAsync(SendEmail command)
    {
        var entryId = EntryIdOf(command.Recipient.Id, command.Message.ConversationId);
        var notification = new PendingNotification(command.NotificationId, command.Rule, command.Message, command.OnlyWhileOffline);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript,
            [ledger.KeyOf(command.NotificationId), Entry(entryId), Pending],
            [JsonSerializer.Serialize(command.Recipient, Json), "n:" + command.NotificationId, JsonSerializer.Serialize(notification, Json),
             entryId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()]);
        if ((int)result != 1)
            return false;
        NotificationsMetrics.DigestQueued();
        return true;
    }

    /// <summary>Entries (recipient and conversation) waiting for a flush, claimed ones included.</summary>
    public async Task<long> PendingCountAsync()
    {
        var db = redis.GetDatabase();
        var pending = db.SortedSetLengthAsync(Pending);
        var processing = db.SortedSetLengthAsync(Processing);
        return await pending + await processing;
    }

    /// <summary>Claims up to <paramref name="limit"/> entries (expired claims of dead flushes first) for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<ClaimedDigest>> ClaimAsync(TimeSpan lease, int limit)
    {
        var nowMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var leaseScore = (double)(nowMicros + (long)lease.TotalMilliseconds * 1000 + Random.Shared.Next(1, 1000));
        var db = redis.GetDatabase();
        var claimed = (RedisResult[]?)await db.ScriptEvaluateAsync(ClaimScript, [Pending, Processing], [nowMicros, leaseScore, limit]) ?? [];
        var digests = new List<ClaimedDigest>();
        foreach (var entryId in claimed.Select(result => (string)result!))
        {
            var fields = await db.HashGetAllAsync(Entry(entryId));
            var recipientJson = fields.FirstOrDefault(field => field.Name == "recipient").Value;
            var notifications = fields.Where(field => ((string)field.Name!).StartsWith("n:", StringComparison.Ordinal))
                .Select(field => JsonSerializer.Deserialize<PendingNotification>((string)field.Value!, Json)!)
                .ToList();
            var last = (long?)await db.StringGetAsync(LastSent(entryId)) ?? 0;
            var sent = (await db.SortedSetRangeByRankAsync(Sent(entryId))).Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);
            var separator = entryId.IndexOf('|');
            var conversationId = Uri.UnescapeDataString(entryId[(separator + 1)..]);
            if (recipientJson.IsNullOrEmpty || notifications.Count == 0)
            {
                // Nothing left to send (completed by a flush whose lease had run out): just drop the claim.
                await CompleteAsync(new ClaimedDigest(entryId, leaseScore, null!, conversationId, [], last), null);
                continue;
            }
            var recipient = JsonSerializer.Deserialize<NotificationRecipient>((string)recipientJson!, Json)!;
            digests.Add(new ClaimedDigest(entryId, leaseScore, recipient, conversationId, notifications, last, sent));
        }
        return digests;
    }

    /// <summary>
    /// Forgets the notifications of a handled claim; <paramref name="lastSentAt"/> moves the recipient's cursor, never
    /// beyond now (a message dated in the future must not hide the messages posted until then).
    /// </summary>
    public async Task<bool> CompleteAsync(ClaimedDigest digest, long? lastSentAt)
    {
        if (lastSentAt is { } last)
            lastSentAt = Math.Min(last, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        RedisValue[] args =
        [
            digest.EntryId, digest.Lease.ToString("R", CultureInfo.InvariantCulture), lastSentAt?.ToString(CultureInfo.InvariantCulture) ?? "",
            (long)LastSentRetention.TotalMilliseconds,
            .. digest.Notifications.Select(notification => (RedisValue)("n:" + notification.NotificationId)),
        ];
        var result = await redis.GetDatabase().ScriptEvaluateAsync(CompleteScript,
            [Processing, Entry(digest.EntryId), LastSent(digest.EntryId), Pending], args);
        return (int)result == 1;
    }

    /// <summary>Gives a claim back after a transient failure: the next flush sends it.</summary>
    public Task ReleaseAsync(ClaimedDigest digest) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Processing, Pending],
            [digest.EntryId, digest.Lease.ToString("R", CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()]);

    /// <summary>
    /// What the digest of <paramref name="digest"/> says: the transcript since its cursor and every queued message,
    /// whatever its date, less the messages an earlier digest email carried.
    /// </summary>
    public async Task<IReadOnlyList<TranscriptEntry>> TranscriptOfAsync(ClaimedDigest digest) =>
        (await TranscriptSinceAsync(digest.ConversationId, digest.LastSentAt, digest.Notifications, digest.WasSent)).ToList();

    /// <summary>The transcript since <paramref name="afterMs"/>, completed with the queued messages it may lack.</summary>
    /// <param name="wasSent">Messages to leave out (emailed before); a queued message not emailed is kept whatever its date.</param>
    public async Task<IReadOnlyList<TranscriptEntry>> TranscriptSinceAsync(string conversationId, long afterMs, IEnumerable<PendingNotification> queued,
        Func<string, bool>? wasSent = null)
    {
        wasSent ??= _ => false;
        var stored = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            TranscriptKeys.Of(keys, conversationId), afterMs, double.PositiveInfinity, Exclude.Start);
        var entries = stored.Select(value => JsonSerializer.Deserialize<TranscriptEntry>((string)value!, Json)!)
            .Where(entry => !wasSent(entry.MessageId)).ToList();
        var known = entries.Select(entry => entry.MessageId).ToHashSet(StringComparer.Ordinal);
        foreach (var message in queued.Select(notification => notification.Message))
        {
            if (!wasSent(message.MessageId) && known.Add(message.MessageId))
                entries.Add(new TranscriptEntry
                {
                    MessageId = message.MessageId,
                    SenderId = message.Sender.Id,
                    SenderName = message.Sender.Name,
                    SenderRole = message.Sender.Role,
                    Text = message.Text,
                    Attachments = message.Attachments ?? [],
                    PostedAt = message.PostedAt,
                });
        }
        return entries.OrderBy(entry => entry.PostedAt).ThenBy(entry => entry.MessageId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The router's presence layout: hash <c>presence:{id}</c> <c>online</c>=1, or an unexpired device heartbeat.</summary>
    public Task<bool> IsOnlineAsync(string participantId) => presence.IsOnlineAsync(participantId);
}
