using Notifications.Contracts;
using Notifications.Router.Routing;

namespace Notifications.Benchmarks;

/// <summary>
/// What a do-nothing relay sends in place of the router's decisions: real <see cref="SendEmail"/> commands and
/// <see cref="NotificationSuppressed"/> events of the router's size, in the router's numbers per chat message,
/// with no Redis and no rules. Measured against the bare consumer it is the ceiling any router that sends one
/// command per notification can reach on the machine: the broker and MassTransit work its output costs.
/// </summary>
public sealed class RelayCeiling(double commandsPerMessage, double suppressionsPerMessage)
{
    /// <summary>How many of each the k-th chat message sends, so that k messages have sent the averages times k.</summary>
    public (int Commands, int Suppressions) For(long k) => (Share(k, commandsPerMessage), Share(k, suppressionsPerMessage));

    private static int Share(long k, double perMessage) => (int)(Math.Floor(k * perMessage) - Math.Floor((k - 1) * perMessage));

    /// <summary>The benchmark's message ids end in their sequence number (<c>bench-42</c>).</summary>
    public static long SequenceOf(MessagePosted message) => long.Parse(message.MessageId[(message.MessageId.LastIndexOf('-') + 1)..]);

    public static SendEmail Command(MessagePosted message, int index) => new()
    {
        NotificationId = $"{message.MessageId}:relay-{index}:email",
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = $"agent-{index:00}",
            Role = ParticipantRoles.Agent,
            Name = $"Agent {index}",
            Email = $"agent{index}@helpdesk.bench",
        },
        Message = NotifiedMessages.Of(message),
    };

    public static NotificationSuppressed Suppression(MessagePosted message, int index) => new()
    {
        NotificationId = $"{message.MessageId}:relay-{index}:all",
        Channel = "all",
        RecipientId = $"agent-{index:00}",
        ConversationId = message.ConversationId,
        MessageId = message.MessageId,
        Reason = "offline-filter",
        Rule = "A4",
    };
}
