using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>Checks a <c>ParticipantUpserted</c> before it is stored; the reason names the field that is wrong.</summary>
public sealed class ParticipantUpsertedValidator : IMessageValidator<ParticipantUpserted>
{
    /// <summary>More than any person carries; every one is a push target of every notification.</summary>
    public const int MaxPushDevices = 50;

    /// <summary>Device tokens and subscription ids of the push providers are far shorter.</summary>
    public const int MaxDeviceIdLength = 1024;

    public string? Problem(ParticipantUpserted upserted) =>
        FieldProblem(upserted) is { } problem ? $"Invalid ParticipantUpserted {IdValidator.Shown(upserted.ParticipantId)}: {problem}" : null;

    private static string? FieldProblem(ParticipantUpserted upserted)
    {
        if (IdValidator.Problem(upserted.ParticipantId, "participantId") is { } participantId)
            return participantId;
        if (upserted.Role is not (ParticipantRoles.User or ParticipantRoles.Agent))
            return $"role must be \"user\" or \"agent\", not \"{upserted.Role}\".";
        if (string.IsNullOrWhiteSpace(upserted.Name))
            return "name is required.";
        if (IdValidator.NameProblem(upserted.Name, "name") is { } name)
            return name;
        // A null list is taken as empty (ParticipantRecord.From); what is inside a list must be whole.
        var departments = upserted.DepartmentIds ?? [];
        for (var i = 0; i < departments.Count; i++)
        {
            // Blank entries are dropped when stored; anything else must be an id.
            if (!string.IsNullOrWhiteSpace(departments[i]) && IdValidator.Problem(departments[i], $"departmentIds[{i}]") is { } department)
                return department;
        }
        var devices = upserted.PushDevices ?? [];
        if (devices.Count > MaxPushDevices)
            return $"pushDevices has {devices.Count} entries; at most {MaxPushDevices} are accepted.";
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            if (device is null)
                return $"pushDevices[{i}] is null.";
            if (string.IsNullOrWhiteSpace(device.DeviceId) || device.DeviceId.Length > MaxDeviceIdLength || device.DeviceId.Any(char.IsControl))
                return $"pushDevices[{i}].deviceId is required, at most {MaxDeviceIdLength} characters without control characters.";
            if (device.Platform is not (PushPlatforms.Ios or PushPlatforms.Android or PushPlatforms.Web))
                return $"pushDevices[{i}].platform must be \"ios\", \"android\" or \"web\", not \"{device.Platform}\".";
        }
        return ParticipantPreferencesValidator.Problem(upserted.Preferences);
    }
}
