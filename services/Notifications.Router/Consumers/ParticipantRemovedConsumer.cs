using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Removes a participant from the directory and from every agent list.</summary>
public sealed class ParticipantRemovedConsumer(ParticipantDirectory directory, ILogger<ParticipantRemovedConsumer> logger) : IConsumer<ParticipantRemoved>
{
    private static readonly ParticipantRemovedValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantRemoved> context)
    {
        var removed = context.Message;
        Validator.EnsureValid(removed);
        if (!await directory.RemoveAsync(removed.ParticipantId, removed.At))
            logger.LogInformation("ParticipantRemoved {ParticipantId} at {At:o} ignored: a newer change was already applied", removed.ParticipantId, removed.At);
    }
}
