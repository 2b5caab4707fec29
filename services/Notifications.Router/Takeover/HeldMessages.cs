using System.Text.Json;
using Notifications.Contracts;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Takeover;

/// <summary>
/// Messages held for the bot's outcome (A6), by message id. Whoever routes a held message first (the bot's
/// outcome arriving, or the grace window ending) releases it, so the other finds nothing left to do.
/// </summary>
public sealed class HeldMessages(IConnectionMultiplexer redis, RouterKeys keys)
{
    /// <summary>Far longer than any grace window: a held message is released well before.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public Task HoldAsync(MessagePosted message) =>
        redis.GetDatabase().StringSetAsync(keys.HeldMessage(message.MessageId), JsonSerializer.Serialize(message, ParticipantDirectory.Json), Retention);

    public async Task<MessagePosted?> FindAsync(string messageId)
    {
        var json = await redis.GetDatabase().StringGetAsync(keys.HeldMessage(messageId));
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MessagePosted>(json.ToString(), ParticipantDirectory.Json);
    }

    /// <summary>Called after routing, so a crash in between routes the message again rather than never.</summary>
    public Task ReleaseAsync(string messageId) => redis.GetDatabase().KeyDeleteAsync(keys.HeldMessage(messageId));
}
