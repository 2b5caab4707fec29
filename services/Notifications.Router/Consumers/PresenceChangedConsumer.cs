using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Presence;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Writes presence into Redis; older events than the stored state are ignored.</summary>
public sealed class PresenceChangedConsumer(PresenceStore presence, EventClock eventClock, ILogger<PresenceChangedConsumer> logger) : IConsumer<PresenceChanged>
{
    private static readonly PresenceChangedValidator Validator = new();

    public async Task Consume(ConsumeContext<PresenceChanged> context)
    {
        var change = context.Message;
        Validator.EnsureValid(change);
        eventClock.EnsureNotInFuture(change.At, nameof(PresenceChanged), change.ParticipantId);

        if (!await presence.ApplyAsync(change))
            logger.LogInformation("Ignored PresenceChanged for {ParticipantId} at {At}: newer state is stored", change.ParticipantId, change.At);
    }
}
