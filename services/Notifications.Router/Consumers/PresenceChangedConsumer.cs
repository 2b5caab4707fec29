using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Presence;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Writes presence into Redis; older events than the stored state are ignored.</summary>
public sealed class PresenceChangedConsumer(PresenceStore presence, ILogger<PresenceChangedConsumer> logger) : IConsumer<PresenceChanged>
{
    public async Task Consume(ConsumeContext<PresenceChanged> context)
    {
        var change = context.Message;
        if (string.IsNullOrWhiteSpace(change.ParticipantId))
            throw new InvalidMessageException("Invalid PresenceChanged: participantId is required.");
        if (change.At == default)
            throw new InvalidMessageException($"Invalid PresenceChanged for {change.ParticipantId}: at is required (ISO-8601 with offset).");

        if (!await presence.ApplyAsync(change))
            logger.LogInformation("Ignored PresenceChanged for {ParticipantId} at {At}: newer state is stored", change.ParticipantId, change.At);
    }
}
