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

    // Never null, even for an entry stored before null lists were taken as empty: one bad entry must not make every
    // message that names the participant throw in the rules.
    public IReadOnlyList<string> DepartmentIds { get => departmentIds; init => departmentIds = value ?? []; }

    public string? Locale { get; init; }

    public IReadOnlyList<PushDevice> PushDevices { get => pushDevices; init => pushDevices = value?.Where(device => device is not null).ToArray() ?? []; }

    /// <summary>The participant's own choices as the platform last sent them; null when it sent none (everything allowed).</summary>
    public ParticipantPreferences? Preferences { get; init; }

    private readonly IReadOnlyList<string> departmentIds = [];
    private readonly IReadOnlyList<PushDevice> pushDevices = [];

    public bool IsAgent => Role == ParticipantRoles.Agent;

    public static ParticipantRecord From(ParticipantUpserted upserted) => new()
    {
        Id = upserted.ParticipantId,
        Role = upserted.Role,
        Name = upserted.Name,
        Email = string.IsNullOrWhiteSpace(upserted.Email) ? null : upserted.Email.Trim(),
        Phone = string.IsNullOrWhiteSpace(upserted.Phone) ? null : upserted.Phone.Trim(),
        // "departmentIds": null and "pushDevices": null are taken as empty lists (the validator checks their entries).
        DepartmentIds = (upserted.DepartmentIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToArray(),
        Locale = upserted.Locale,
        PushDevices = upserted.PushDevices ?? [],
        Preferences = upserted.Preferences,
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
