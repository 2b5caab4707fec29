using MassTransit;
using Notifications.Contracts;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// A user's conversation for the digest tests: later messages to its last agent (A4, an email each, queued for the
/// digest), and the wait until the email sender has queued them.
/// </summary>
public sealed class DigestConversation(IPublishEndpoint platform, IConnectionMultiplexer redis, string keyPrefix, string userId, string userName)
{
    public string Id { get; } = "conv-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The user writes <paramref name="texts"/>; the conversation's last agent is <paramref name="agent"/>.</summary>
    public async Task<MessagePosted[]> PostAsync(string agent, params string[] texts)
    {
        var posted = new List<MessagePosted>();
        // Distinct times in the past, in order: the digest's "since" cursor is the latest postedAt emailed.
        var start = DateTimeOffset.UtcNow.AddSeconds(-texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var message = new MessagePosted
            {
                MessageId = "msg-" + Guid.NewGuid().ToString("N")[..12],
                ConversationId = Id,
                Sender = new MessageSender { Id = userId, Role = ParticipantRoles.User, Name = userName },
                Text = texts[i],
                PostedAt = start.AddSeconds(i),
                Conversation = new ConversationInfo { UserId = userId, LastAgentId = agent },
            };
            await platform.Publish(message);
            posted.Add(message);
        }
        return posted.ToArray();
    }

    /// <summary>The user writes <paramref name="text"/> dated <paramref name="postedAt"/> (a skewed clock, a late or replayed message).</summary>
    public async Task<MessagePosted> PostDatedAsync(string agent, string text, DateTimeOffset postedAt)
    {
        var message = new MessagePosted
        {
            MessageId = "msg-" + Guid.NewGuid().ToString("N")[..12],
            ConversationId = Id,
            Sender = new MessageSender { Id = userId, Role = ParticipantRoles.User, Name = userName },
            Text = text,
            PostedAt = postedAt,
            Conversation = new ConversationInfo { UserId = userId, LastAgentId = agent },
        };
        await platform.Publish(message);
        return message;
    }

    /// <summary>Waits until <paramref name="notifications"/> notifications to <paramref name="recipient"/> are queued for this conversation's digest.</summary>
    public async Task WaitQueuedAsync(string recipient, int notifications)
    {
        var db = redis.GetDatabase();
        var key = keyPrefix + "digest:entry:" + DigestStore.EntryIdOf(recipient, Id);
        // The entry's hash holds one field per notification beside its recipient record.
        await Eventually.TrueAsync(async () => await db.HashLengthAsync(key) >= notifications + 1, $"{notifications} notifications queued for the digest");
    }
}
