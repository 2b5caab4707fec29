using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Checks a <c>ParticipantUpserted</c> before it is stored; the reason names the field that is wrong.</summary>
public sealed class ParticipantUpsertedValidator : IMessageValidator<ParticipantUpserted>
{
    public string? Problem(ParticipantUpserted upserted) =>
        FieldProblem(upserted) is { } problem ? $"Invalid ParticipantUpserted {upserted.ParticipantId}: {problem}" : null;

    private static string? FieldProblem(ParticipantUpserted upserted)
    {
        if (string.IsNullOrWhiteSpace(upserted.ParticipantId))
            return "participantId is required.";
        if (upserted.Role is not (ParticipantRoles.User or ParticipantRoles.Agent))
            return $"role must be \"user\" or \"agent\", not \"{upserted.Role}\".";
        if (string.IsNullOrWhiteSpace(upserted.Name))
            return "name is required.";
        foreach (var device in upserted.PushDevices ?? [])
        {
            if (device.Platform is not (PushPlatforms.Ios or PushPlatforms.Android or PushPlatforms.Web))
                return $"pushDevices[].platform must be \"ios\", \"android\" or \"web\", not \"{device.Platform}\".";
        }
        return null;
    }
}
