using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>
/// Checks a <c>PresenceChanged</c>: it needs the participant and its time, since an older change than the stored
/// state is ignored and one without a time could not be ordered.
/// </summary>
public sealed class PresenceChangedValidator : IMessageValidator<PresenceChanged>
{
    public string? Problem(PresenceChanged change)
    {
        if (IdValidator.Problem(change.ParticipantId, "participantId") is { } participantId)
            return "Invalid PresenceChanged: " + participantId;
        if (change.At == default)
            return $"Invalid PresenceChanged for {change.ParticipantId}: at is required (ISO-8601 with offset).";
        return null;
    }
}
