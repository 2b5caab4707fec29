using System.Text.Json;
using Notifications.Contracts;
using Notifications.Router.Routing;
using Notifications.Router.Holding;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Fallback;

/// <summary>A command kept for a fallback, as the router would have sent it, with its channel.</summary>
public sealed record HeldCommand(string Channel, PendingNotification Pending);

/// <summary>
/// The commands the router kept for a fallback, in Redis (every key after <c>Redis:KeyPrefix</c>):
/// <list type="bullet">
/// <item><c>fallback:{idBase}:{recipientId}</c> hash (the id base is the message id, or <c>{messageId}:e1</c> for row
/// E1's notifications: <see cref="NotificationIds.IdBaseOf"/>): <c>sms</c>, <c>push</c> the fallback-only commands held beside
/// an email that went out (<c>Sms:Mode</c>, <c>Push:Mode</c> = <c>Fallback</c>); <c>email</c> the email kept when none
/// went out for the message (U2: the user had one this offline session) while an SMS or push did; <c>group</c> the
/// email's notification id, or its delay window's id (a grouped email answers for several messages: one fallback
/// for the group). Each command as JSON (<see cref="PendingNotification"/>). Kept for <see cref="Retention"/>.</item>
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

    // KEYS: the hold. ARGV: group. Only a hold that exists (one whose email joined a delay window).
    private const string GroupScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'group', ARGV[1]) end
        return 1
        """;

    // KEYS: the hold. ARGV: prefix, the failed channel, retention (ms), the failure's notification id, the default claim
    // (the id base and recipient). Returns the held commands to send (field, JSON, ...), or an empty list when nothing
    // was held or another failure claimed the fallback first.
    private const string TakeScript = """
        local prefix, failed, retention, failure, default = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local fields, claim
        if failed == 'email' then
          fields = { 'sms', 'push' }
          claim = redis.call('HGET', KEYS[1], 'group') or default
        else
          fields = { 'email' }
          claim = default .. ':email'
        end
        local held = {}
        for _, field in ipairs(fields) do
          local value = redis.call('HGET', KEYS[1], field)
          if value then held[#held + 1] = field; held[#held + 1] = value end
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

    /// <summary>The email joined a delay window: a failure of the window's grouped email claims the window's fallback once.</summary>
    public async Task GroupAsync(string idBase, string recipientId, string windowId) =>
        await redis.GetDatabase().ScriptEvaluateAsync(GroupScript, [KeyOf(idBase, recipientId)], [windowId]);

    /// <summary>
    /// Claims the fallback of a permanent failure of <paramref name="failedChannel"/> and returns what to send: the held
    /// SMS and push when the email failed, the held email when an SMS or push did. Empty when nothing was held or the
    /// fallback was claimed by another failure; the same failure again (a redelivery) gets the commands again, and the
    /// senders' ledger sends them once.
    /// </summary>
    public async Task<IReadOnlyList<HeldCommand>> TakeAsync(string idBase, string recipientId, string failedChannel, string failureId)
    {
        var raw = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [KeyOf(idBase, recipientId)],
            [keys.Prefix, failedChannel, (long)Retention.TotalMilliseconds, failureId, $"{idBase}:{recipientId}"]))!;
        return Commands(raw);
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

    private static List<HeldCommand> Commands(RedisResult[] raw)
    {
        var held = new List<HeldCommand>(raw.Length / 2);
        for (var i = 0; i < raw.Length; i += 2)
            if (JsonSerializer.Deserialize<PendingNotification>((string)raw[i + 1]!, Json) is { } pending)
                held.Add(new HeldCommand((string)raw[i]!, pending));
        return held;
    }

    /// <summary>Sending the fallback failed: the claim goes, so the failure's redelivery (or another failure) sends it.</summary>
    public async Task ReleaseAsync(string idBase, string recipientId, string failedChannel, string failureId)
    {
        var db = redis.GetDatabase();
        var claim = failedChannel == Channels.Email
            ? (string?)await db.HashGetAsync(KeyOf(idBase, recipientId), GroupField) ?? $"{idBase}:{recipientId}"
            : $"{idBase}:{recipientId}:email";
        await db.ScriptEvaluateAsync(ReleaseScript, [keys.Key($"fallback-claim:{claim}")], [failureId]);
    }
}
