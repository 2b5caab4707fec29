namespace Notifications.Contracts;

/// <summary>Published by the chat platform when the bot has answered a message (Human Takeover, rule A6).</summary>
public record ChatbotReplied
{
    public required string ConversationId { get; init; }

    /// <summary>The user message the bot answered.</summary>
    public required string MessageId { get; init; }

    /// <summary>True when the bot resolved the question, so agents need not be notified.</summary>
    public required bool Resolved { get; init; }
}
