using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Seen;

/// <summary>
/// When each participant last read each conversation (<c>ConversationSeen</c>): <c>seen:{participantId}:{conversationId}</c>
/// holds the latest <c>seenAt</c> (unix ms). Written by the router, read by the router when a delay window ends and by
/// the email sender when a digest goes out: a message posted at or before that time was seen.
/// </summary>
public sealed class ConversationSeenStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>
    /// Longer than any delay window or digest interval that may still be waiting for it; a conversation nobody read
    /// for a month leaves nothing behind.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    // KEYS: the seen key. ARGV: seenAt (unix ms), retention (ms). Keeps the latest: events may arrive out of order.
    private const string RecordScript = """
        local stored = tonumber(redis.call('GET', KEYS[1]) or '-1')
        if tonumber(ARGV[1]) <= stored then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    public RedisKey Key(string participantId, string conversationId) => keys.Key($"seen:{participantId}:{conversationId}");

    /// <returns>False when a later (or the same) read was already stored, which stays.</returns>
    public async Task<bool> RecordAsync(string participantId, string conversationId, DateTimeOffset seenAt) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [Key(participantId, conversationId)],
            [seenAt.ToUnixTimeMilliseconds(), (long)Retention.TotalMilliseconds]) == 1;

    /// <summary>When the participant last read the conversation, or null when they never did (within the retention).</summary>
    public async Task<DateTimeOffset?> SeenAtAsync(string participantId, string conversationId) =>
        await redis.GetDatabase().StringGetAsync(Key(participantId, conversationId)) is { HasValue: true } value && long.TryParse(value.ToString(), out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>True when a message posted at <paramref name="postedAt"/> was seen by then (<paramref name="seenAt"/> at or after it).</summary>
    public static bool WasSeen(DateTimeOffset? seenAt, DateTimeOffset postedAt) => seenAt is { } seen && seen >= postedAt;
}
