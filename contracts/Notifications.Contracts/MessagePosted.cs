namespace Notifications.Contracts;

/// <summary>Published by the chat platform for every chat message.</summary>
public record MessagePosted
{
    public required string MessageId { get; init; }

    public required string ConversationId { get; init; }

    public required MessageSender Sender { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public required DateTimeOffset PostedAt { get; init; }

    public bool IsFirstMessage { get; init; }

    public required ConversationInfo Conversation { get; init; }

    /// <summary>The bot's outcome when already known: true when it answered the message successfully.</summary>
    public bool? BotAnswered { get; init; }

    /// <summary>
    /// <c>public</c> (the default, also when absent) or <c>internal</c>: an internal note between agents, which never
    /// reaches the user and notifies the conversation's assignee and last agent instead (row I1). See <see cref="MessageVisibility"/>.
    /// </summary>
    public string? Visibility { get; init; }

    /// <summary>Agent ids mentioned in the message (<c>@name</c>): each is notified whether the conversation is theirs or not (row M1).</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];
}
