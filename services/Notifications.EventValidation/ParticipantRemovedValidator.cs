using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>Checks a <c>ParticipantRemoved</c>: without an id there is nobody to remove.</summary>
public sealed class ParticipantRemovedValidator : IMessageValidator<ParticipantRemoved>
{
    public string? Problem(ParticipantRemoved removed) =>
        IdValidator.Problem(removed.ParticipantId, "participantId") is { } problem ? "Invalid ParticipantRemoved: " + problem : null;
}
