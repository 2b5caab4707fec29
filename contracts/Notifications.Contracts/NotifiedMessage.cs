namespace Notifications.Contracts;

/// <summary>The chat message a notification is about, as carried by the channel commands.</summary>
public record NotifiedMessage
{
    public required string MessageId { get; init; }

    public required string ConversationId { get; init; }

    public required MessageSender Sender { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public required DateTimeOffset PostedAt { get; init; }
}
