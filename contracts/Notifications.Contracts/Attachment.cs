namespace Notifications.Contracts;

/// <summary>A file attached to a chat message.</summary>
public record Attachment
{
    public required string Name { get; init; }

    public required string Url { get; init; }
}
