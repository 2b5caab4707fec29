namespace Notifications.Contracts;

/// <summary>The routing state of a conversation at the time a message was posted.</summary>
public record ConversationInfo
{
    /// <summary>The user (customer) the conversation belongs to.</summary>
    public required string UserId { get; init; }

    public string? DepartmentId { get; init; }

    public string? AssignedAgentId { get; init; }

    /// <summary>The last agent who replied in the conversation, if any.</summary>
    public string? LastAgentId { get; init; }

    /// <summary>Human Takeover: the bot answers first and agents are notified only when it could not.</summary>
    public bool HumanTakeover { get; init; }
}
