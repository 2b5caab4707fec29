using System.Text.Json;
using Notifications.Contracts;
using Notifications.Router.Routing;
using Notifications.Router.Holding;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Fallback;

/// <summary>A command kept for a fallback, as the router would have sent it, with its channel.</summary>
public sealed record HeldCommand(string Channel, PendingNotification Pending);

/// <summary>A held command a failure (or a suppressed grouped email) claimed, with the id base of the message it was held for.</summary>
public sealed record TakenFallback(string IdBase, string Channel, PendingNotification Pending);

/// <summary>
/// The commands the router kept for a fallback, in Redis (every key after <c>Redis:KeyPrefix</c>):
/// <list type="bullet">
/// <item><c>fallback:{idBase}:{recipientId}</c> hash (the id base is the message id, or <c>{messageId}:e1</c> for row
/// E1's notifications: <see cref="NotificationIds.IdBaseOf"/>): <c>sms</c>, <c>push</c> the fallback-only commands held beside
/// an email that went out (<c>Sms:Mode</c>, <c>Push:Mode</c> = <c>Fallback</c>); <c>email</c> the email kept when none
/// went out for the message (U2: the user had one this offline session) while an SMS or push did; <c>group</c> the
/// email's notification id, or its delay window's id (a grouped email answers for several messages: one fallback
/// for the group). Each command as JSON (<see cref="PendingNotification"/>). Kept for <see cref="Retention"/>.</item>
/// <item><c>fallback-group:{windowId}</c> set: the id bases of the holds whose emails joined that delay window, so the
/// window's grouped email falls back for every one of its messages, not only the one its failure names. Kept for
/// <see cref="Retention"/>.</item>
/// <item><c>fallback-claim:{group}</c> (an email failed) or <c>fallback-claim:{idBase}:{recipientId}:email</c> (an SMS
/// or push failed) string: the failure that sends the fallback, set with NX before sending, so a redelivered or a second
/// failure (another message of the group, the SMS and the push both failing) sends nothing twice.</item>
/// </list>
/// </summary>
public sealed class FallbackHolds(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>
    /// How long a held command and its claim are kept: the horizon of a late bounce (SendGrid retries a deferred
    /// message for 72 hours, a DSN can take days) and of Twilio's status callbacks. A failure reported later finds
    /// nothing to fall back to, and the message is a week old by then.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private const string GroupField = "group";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: the hold. ARGV: retention (ms), then field, value pairs. HSETNX: a redelivered message keeps what was held first.
    private const string HoldScript = """
        for i = 2, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // KEYS: the hold, the group's members. ARGV: group, the hold's id base, retention (ms). Only a hold that exists (one
    // whose email joined a delay window): it names the window, and the window lists it among what its email answers for.
    private const string GroupScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HSET', KEYS[1], 'group', ARGV[1])
          redis.call('SADD', KEYS[2], ARGV[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
        end
        return 1
        """;

    // ARGV: prefix, the failed channel, retention (ms), the failure's notification id, recipient id, the group ('' for
    // the one the first hold names), then the id bases whose holds it answers for, the failed notification's own first.
    // An email's failure answers for every hold of its group too (a grouped email: every message of its window). The
    // claim is the group (else the first id base and recipient; an SMS or push failure: that and ':email'). Returns the
    // held commands to send (id base, field, JSON, ...), or an empty list when nothing was held or another failure
    // claimed the fallback first.
    private const string TakeScript = """
        local prefix, failed, retention, failure, recipient, group = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
        local first = ARGV[7]
        local function hold(idBase) return prefix .. 'fallback:' .. idBase .. ':' .. recipient end
        local members, fields, claim = {}, nil, nil
        if failed == 'email' then
          fields = { 'sms', 'push' }
          for i = 7, #ARGV do members[#members + 1] = ARGV[i] end
          if group == '' then group = redis.call('HGET', hold(first), 'group') or '' end
          if group ~= '' then
            claim = group
            for _, member in ipairs(redis.call('SMEMBERS', prefix .. 'fallback-group:' .. group)) do members[#members + 1] = member end
          else
            claim = first .. ':' .. recipient
          end
        else
          fields = { 'email' }
          members = { first }
          claim = first .. ':' .. recipient .. ':email'
        end
        local held, seen = {}, {}
        for _, member in ipairs(members) do
          if not seen[member] then
            seen[member] = true
            for _, field in ipairs(fields) do
              local value = redis.call('HGET', hold(member), field)
              if value then held[#held + 1] = member; held[#held + 1] = field; held[#held + 1] = value end
            end
          end
        end
        if #held == 0 then return {} end
        local claimKey = prefix .. 'fallback-claim:' .. claim
        local holder = redis.call('GET', claimKey)
        if holder == failure then return held end
        if holder then return {} end
        redis.call('SET', claimKey, failure, 'PX', retention)
        return held
        """;

    // KEYS: the claim. ARGV: the failure that holds it.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private RedisKey KeyOf(string idBase, string recipientId) => keys.Key($"fallback:{idBase}:{recipientId}");

    private RedisKey GroupKey(string windowId) => keys.Key($"fallback-group:{windowId}");

    /// <param name="group">The email's notification id (the claim of a failure of that email); null when no email went out.</param>
    public async Task HoldAsync(string idBase, string recipientId, IReadOnlyList<HeldCommand> held, string? group)
    {
        var args = new List<RedisValue> { (long)Retention.TotalMilliseconds };
        foreach (var command in held)
            args.AddRange([command.Channel, JsonSerializer.Serialize(command.Pending, Json)]);
        if (group is not null)
            args.AddRange([GroupField, group]);
        await redis.GetDatabase().ScriptEvaluateAsync(HoldScript, [KeyOf(idBase, recipientId)], [.. args]);
    }

    /// <summary>The email joined a delay window: a failure of the window's grouped email claims the window's fallback once,
    /// for every message of the window (<c>fallback-group:{windowId}</c> lists their id bases).</summary>
    public async Task GroupAsync(string idBase, string recipientId, string windowId) =>
        await redis.GetDatabase().ScriptEvaluateAsync(GroupScript, [KeyOf(idBase, recipientId), GroupKey(windowId)],
            [windowId, idBase, (long)Retention.TotalMilliseconds]);

    /// <summary>
    /// Claims the fallback of a permanent failure of <paramref name="failedChannel"/> and returns what to send: the held
    /// SMS and push when the email failed (of every message its group answered for: a grouped email's window), the held
    /// email when an SMS or push did. Empty when nothing was held or the fallback was claimed by another failure; the
    /// same failure again (a redelivery) gets the commands again, and the senders' ledger sends them once.
    /// </summary>
    public Task<IReadOnlyList<TakenFallback>> TakeAsync(string idBase, string recipientId, string failedChannel, string failureId) =>
        TakeAsync(recipientId, failedChannel, failureId, group: "", [idBase]);

    /// <summary>
    /// Claims the fallback of a delay window's grouped email that will never go (suppressed at the window's end), as its
    /// failure would: the held SMS and push of every one of <paramref name="idBases"/> (the window's messages) and of
    /// what else the window lists.
    /// </summary>
    public Task<IReadOnlyList<TakenFallback>> TakeWindowAsync(string windowId, string recipientId, IReadOnlyList<string> idBases, string failureId) =>
        TakeAsync(recipientId, Channels.Email, failureId, windowId, idBases);

    private async Task<IReadOnlyList<TakenFallback>> TakeAsync(string recipientId, string failedChannel, string failureId, string group, IReadOnlyList<string> idBases)
    {
        RedisValue[] args = [keys.Prefix, failedChannel, (long)Retention.TotalMilliseconds, failureId, recipientId, group, .. idBases.Select(id => (RedisValue)id)];
        var raw = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [], args))!;
        var taken = new List<TakenFallback>(raw.Length / 3);
        for (var i = 0; i + 2 < raw.Length; i += 3)
            if (JsonSerializer.Deserialize<PendingNotification>((string)raw[i + 2]!, Json) is { } pending)
                taken.Add(new TakenFallback((string)raw[i]!, (string)raw[i + 1]!, pending));
        return taken;
    }

    /// <summary>
    /// The SMS and push held beside an email that will never be sent (the reader saw the message before its window
    /// ended): no failure of it can come, so the caller publishes their outcome and then drops them
    /// (<see cref="DropBesideEmailAsync"/>) instead of leaving them to expire unsent.
    /// </summary>
    public async Task<IReadOnlyList<HeldCommand>> BesideEmailAsync(string idBase, string recipientId)
    {
        var values = await redis.GetDatabase().HashGetAsync(KeyOf(idBase, recipientId), [Channels.Sms, Channels.Push]);
        var held = new List<HeldCommand>();
        foreach (var (channel, value) in new[] { Channels.Sms, Channels.Push }.Zip(values))
            if (value.HasValue && JsonSerializer.Deserialize<PendingNotification>((string)value!, Json) is { } pending)
                held.Add(new HeldCommand(channel, pending));
        return held;
    }

    /// <summary>Drops the SMS and push held beside the email; what else the hold keeps (its group, a kept email) stays.</summary>
    public Task DropBesideEmailAsync(string idBase, string recipientId) =>
        redis.GetDatabase().HashDeleteAsync(KeyOf(idBase, recipientId), [Channels.Sms, Channels.Push]);

    /// <summary>Sending the fallback failed: the claim goes, so the failure's redelivery (or another failure) sends it.</summary>
    /// <param name="group">The window whose fallback was claimed (<see cref="TakeWindowAsync"/>); null for the group the hold names.</param>
    public async Task ReleaseAsync(string idBase, string recipientId, string failedChannel, string failureId, string? group = null)
    {
        var db = redis.GetDatabase();
        var claim = failedChannel == Channels.Email
            ? group ?? (string?)await db.HashGetAsync(KeyOf(idBase, recipientId), GroupField) ?? $"{idBase}:{recipientId}"
            : $"{idBase}:{recipientId}:email";
        await db.ScriptEvaluateAsync(ReleaseScript, [keys.Key($"fallback-claim:{claim}")], [failureId]);
    }
}
