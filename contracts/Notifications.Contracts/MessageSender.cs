namespace Notifications.Contracts;

/// <summary>Who posted a chat message.</summary>
public record MessageSender
{
    public required string Id { get; init; }

    /// <summary><c>user</c>, <c>agent</c> or <c>bot</c> (see <see cref="ParticipantRoles"/>).</summary>
    public required string Role { get; init; }

    public required string Name { get; init; }

    public string? ProfileImageUrl { get; init; }
}
