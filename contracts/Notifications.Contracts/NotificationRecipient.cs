namespace Notifications.Contracts;

/// <summary>The recipient of one notification, with the contact details the channel needs.</summary>
public record NotificationRecipient
{
    public required string Id { get; init; }

    public required string Role { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Locale { get; init; }

    public IReadOnlyList<PushDevice> PushDevices { get; init; } = [];
}
