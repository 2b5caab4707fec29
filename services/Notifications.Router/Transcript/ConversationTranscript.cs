using System.Text.Json;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.Transcripts;
using StackExchange.Redis;

namespace Notifications.Router.Transcript;

/// <summary>
/// Keeps each conversation's recent messages in Redis (<see cref="TranscriptKeys"/>) so digest emails can carry
/// the whole conversation. Capped to the latest <see cref="TranscriptKeys.MaxMessages"/> messages; the key
/// expires <see cref="TranscriptKeys.Retention"/> after the last message. A redelivered message is stored once
/// (same JSON, same member).
/// </summary>
public sealed class ConversationTranscript(IConnectionMultiplexer redis, RedisKeys keys)
{
    // KEYS: transcript. ARGV: score, entry JSON, cap, retention ms.
    private const string AppendScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    public async Task AppendAsync(MessagePosted message)
    {
        var entry = new TranscriptEntry
        {
            MessageId = message.MessageId,
            SenderId = message.Sender.Id,
            SenderName = message.Sender.Name ?? "",
            SenderRole = message.Sender.Role,
            Text = message.Text,
            Attachments = message.Attachments ?? [],
            PostedAt = message.PostedAt,
        };
        await redis.GetDatabase().ScriptEvaluateAsync(AppendScript,
            [TranscriptKeys.Of(keys, message.ConversationId)],
            [message.PostedAt.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(entry, TranscriptKeys.Json),
             TranscriptKeys.MaxMessages, (long)TranscriptKeys.Retention.TotalMilliseconds]);
    }
}
