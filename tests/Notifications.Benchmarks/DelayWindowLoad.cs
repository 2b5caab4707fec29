using System.Security.Cryptography;
using System.Text;
using Notifications.Contracts;

namespace Notifications.Benchmarks;

/// <summary>
/// The chat of the delay-window phase: conversations of <see cref="PerConversation"/> user messages each to their
/// assigned agent, who is offline (the first message is A2, a later one A4: one email notification per message, all of
/// one conversation in the same window). With <see cref="SeenHalf"/> every even conversation is read by its agent right
/// after its messages (<c>ConversationSeen</c>, inside the window); the odd ones are never read. The events are made as
/// they are published, so <c>postedAt</c> and <c>seenAt</c> are the times they left the platform.
/// </summary>
public sealed class DelayWindowLoad(string run, int messages, int perConversation, bool seenHalf)
{
    public int Messages { get; } = messages;

    public int PerConversation { get; } = perConversation;

    public bool SeenHalf { get; } = seenHalf;

    public int Conversations => (Messages + PerConversation - 1) / PerConversation;

    /// <summary>How many <c>ConversationSeen</c> the load publishes.</summary>
    public int SeenEvents => SeenHalf ? (Conversations + 1) / 2 : 0;

    /// <summary>When each conversation's first message was published: its window opens then.</summary>
    public Dictionary<string, DateTimeOffset> FirstPostedAt { get; } = new();

    public string ConversationId(int conversation) => UuidOf($"conv-{run}-{conversation}");

    public bool IsSeen(int conversation) => SeenHalf && conversation % 2 == 0;

    /// <summary>The 25 agents of the bench directory who are never online (BenchDirectory puts every 4th online).</summary>
    public static string AgentOf(int conversation) => BenchDirectory.AgentId(1 + 2 * (conversation % 25));

    public string MessageId(int message) => UuidOf($"{run}-{message}");

    /// <summary>
    /// Message and conversation ids as long as the UUIDs platforms usually give them (every id is stored several
    /// times per pending notification, so short ones would understate the bytes), the same in every run.
    /// </summary>
    private static string UuidOf(string name) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))).ToString();

    /// <summary>The router's id for the email of a message (<c>{messageId}:{recipientId}:{channel}</c>).</summary>
    public string NotificationId(int message) => $"{MessageId(message)}:{AgentOf(message / PerConversation)}:email";

    /// <summary>Every notification the load makes, with whether its conversation was read inside the window.</summary>
    public IEnumerable<(string NotificationId, string ConversationId, bool Seen)> Notifications() =>
        Enumerable.Range(0, Messages).Select(m => (NotificationId(m), ConversationId(m / PerConversation), IsSeen(m / PerConversation)));

    /// <summary>The events in publish order: each conversation's messages, then its ConversationSeen if it is read.</summary>
    public IEnumerable<object> Events()
    {
        for (var message = 0; message < Messages; message++)
        {
            var conversation = message / PerConversation;
            var first = message % PerConversation == 0;
            var posted = Message(message, conversation, first);
            if (first)
                FirstPostedAt[posted.ConversationId] = posted.PostedAt;
            yield return posted;

            var lastOfConversation = message % PerConversation == PerConversation - 1 || message == Messages - 1;
            if (lastOfConversation && IsSeen(conversation))
                // A millisecond on: the router stores seenAt in whole milliseconds, and a read stored as earlier than the
                // message it follows (same millisecond, later ticks) would leave that message unseen.
                yield return new ConversationSeen { ParticipantId = AgentOf(conversation), ConversationId = ConversationId(conversation), SeenAt = DateTimeOffset.UtcNow.AddMilliseconds(1) };
        }
    }

    private MessagePosted Message(int message, int conversation, bool first)
    {
        var agent = AgentOf(conversation);
        var user = BenchDirectory.UserId(conversation % BenchDirectory.Users);
        return new MessagePosted
        {
            MessageId = MessageId(message),
            ConversationId = ConversationId(conversation),
            Sender = new MessageSender { Id = user, Role = ParticipantRoles.User, Name = user },
            Text = "Hello, I have a question about my order number 12345. Could you please check the delivery date?",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = first,
            Conversation = new ConversationInfo { UserId = user, AssignedAgentId = agent, LastAgentId = first ? null : agent },
        };
    }
}
