namespace Notifications.Contracts;

/// <summary>Published by the chat platform when the bot has answered a message (Human Takeover, rule A6).</summary>
public record ChatbotReplied
{
    /// <summary>Informational (logs); the router matches on <see cref="MessageId"/>.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The id of the user's <c>MessagePosted</c> the bot answered (not the bot's own reply): the
    /// router records the outcome and releases the held message under this id.</summary>
    public required string MessageId { get; init; }

    /// <summary>True when the bot resolved the question, so agents need not be notified.</summary>
    public required bool Resolved { get; init; }
}
