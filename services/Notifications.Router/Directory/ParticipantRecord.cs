using Notifications.Contracts;

namespace Notifications.Router.Directory;

/// <summary>One participant of the directory, as stored in Redis (JSON under <c>participant:{id}</c>).</summary>
public sealed record ParticipantRecord
{
    public required string Id { get; init; }

    public required string Role { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    public string? Locale { get; init; }

    public IReadOnlyList<PushDevice> PushDevices { get; init; } = [];

    public bool IsAgent => Role == ParticipantRoles.Agent;

    public static ParticipantRecord From(ParticipantUpserted upserted) => new()
    {
        Id = upserted.ParticipantId,
        Role = upserted.Role,
        Name = upserted.Name,
        Email = string.IsNullOrWhiteSpace(upserted.Email) ? null : upserted.Email.Trim(),
        Phone = string.IsNullOrWhiteSpace(upserted.Phone) ? null : upserted.Phone.Trim(),
        DepartmentIds = upserted.DepartmentIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToArray(),
        Locale = upserted.Locale,
        PushDevices = upserted.PushDevices,
    };

    public NotificationRecipient ToRecipient() => new()
    {
        Id = Id,
        Role = Role,
        Name = Name,
        Email = Email,
        Phone = Phone,
        Locale = Locale,
        PushDevices = PushDevices,
    };
}
