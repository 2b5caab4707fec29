using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>
/// Checks a <c>PresenceChanged</c>: it needs the participant and its time, since an older change than the stored
/// state is ignored and one without a time could not be ordered.
/// </summary>
public sealed class PresenceChangedValidator : IMessageValidator<PresenceChanged>
{
    public string? Problem(PresenceChanged change)
    {
        if (string.IsNullOrWhiteSpace(change.ParticipantId))
            return "Invalid PresenceChanged: participantId is required.";
        if (change.At == default)
            return $"Invalid PresenceChanged for {change.ParticipantId}: at is required (ISO-8601 with offset).";
        return null;
    }
}
