using System.Text.Json;
using Notifications.Contracts;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Waits;

/// <summary>
/// Messages held for the bot's outcome (A6), by message id. Two things may release a held message: the bot's
/// outcome arriving, or the grace window ending. Whichever claims it first routes it; the other finds it taken,
/// so a message is never routed twice with two different outcomes. A routed message leaves a <c>routed</c> mark on its
/// claim for <see cref="Retention"/>, so a held copy that is gone without that mark (Redis lost it: a flush, an
/// eviction, a restart without its data) is told apart from one already routed: the grace note, which carries the
/// whole message, then routes its own copy.
/// </summary>
public sealed class HeldMessages(IConnectionMultiplexer redis, RouterKeys keys)
{
    /// <summary>The claimer that routes a held message when the bot's outcome arrives.</summary>
    public const string BotOutcome = "bot-outcome";

    /// <summary>The claimer that routes a held message when its grace window is over.</summary>
    public const string GraceElapsed = "grace-elapsed";

    /// <summary>Far longer than any grace window: a held message is released well before.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>The claim's value once the message was routed.</summary>
    private const string Routed = "routed";

    // KEYS: the held message, its claim. ARGV: claimer, claim lifetime (ms), '1' when the claimer has its own copy.
    // The same claimer may claim again: a redelivered event whose first attempt died mid-route finishes the job.
    // Returns the held message, '' when it is gone but not routed and the claimer has its own copy, or nil.
    private const string ClaimScript = """
        local held = redis.call('GET', KEYS[1])
        local owner = redis.call('GET', KEYS[2])
        if owner and owner ~= ARGV[1] then return false end
        if not held and ARGV[3] ~= '1' then return false end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return held or ''
        """;

    // KEYS: the held message, its claim. ARGV: the routed mark, its lifetime (ms).
    private const string ReleaseScript = """
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    // KEYS: the held message, the bot's recorded outcome. ARGV: the message (JSON), retention (ms).
    // One script, so an outcome recorded by ChatbotReplied is either seen here or finds the message held: a
    // ChatbotReplied consumed while the message was being decided never leaves it waiting the whole window.
    private const string HoldScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <returns>False when the bot's outcome is already recorded: nothing is held, and the message is decided at once.</returns>
    public async Task<bool> HoldAsync(MessagePosted message) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(HoldScript,
            [keys.HeldMessage(message.MessageId), keys.BotOutcome(message.MessageId)],
            [JsonSerializer.Serialize(message, ParticipantDirectory.Json), (long)Retention.TotalMilliseconds]) == 1;

    /// <param name="ownCopy">The message as the claimer carries it (the grace note does): claimed and returned when the
    /// held copy is gone but the message was not routed.</param>
    /// <returns>The held message (or <paramref name="ownCopy"/>) when this claimer may route it; null when it was routed,
    /// another claimer has it, or it is gone and the claimer has no copy of its own.</returns>
    public async Task<MessagePosted?> ClaimAsync(string messageId, string claimer, MessagePosted? ownCopy = null)
    {
        var json = (string?)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript,
            [keys.HeldMessage(messageId), keys.HeldMessageClaim(messageId)],
            [claimer, (long)Retention.TotalMilliseconds, ownCopy is null ? "0" : "1"]);
        return json switch
        {
            null => null,
            "" => ownCopy,
            _ => JsonSerializer.Deserialize<MessagePosted>(json, ParticipantDirectory.Json),
        };
    }

    /// <summary>
    /// Called after routing, so a crash in between routes the message again (same claimer) rather than never. Drops the
    /// held copy and marks the claim routed, so a later claimer with its own copy does not route it again.
    /// </summary>
    public Task ReleaseAsync(string messageId) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript,
            [keys.HeldMessage(messageId), keys.HeldMessageClaim(messageId)], [Routed, (long)Retention.TotalMilliseconds]);
}
