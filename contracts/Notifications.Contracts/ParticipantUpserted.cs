namespace Notifications.Contracts;

/// <summary>Published by the chat platform when a user or agent is created or changed.</summary>
public record ParticipantUpserted
{
    public required string ParticipantId { get; init; }

    /// <summary><c>user</c> or <c>agent</c>.</summary>
    public required string Role { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    /// <summary>E.164 phone number, for SMS.</summary>
    public string? Phone { get; init; }

    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    public string? Locale { get; init; }

    public IReadOnlyList<PushDevice> PushDevices { get; init; } = [];
}
