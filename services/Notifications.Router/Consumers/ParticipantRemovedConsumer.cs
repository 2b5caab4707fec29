using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Removes a participant from the directory and from every agent list.</summary>
public sealed class ParticipantRemovedConsumer(ParticipantDirectory directory) : IConsumer<ParticipantRemoved>
{
    public Task Consume(ConsumeContext<ParticipantRemoved> context)
    {
        if (string.IsNullOrWhiteSpace(context.Message.ParticipantId))
            throw new InvalidMessageException("Invalid ParticipantRemoved: participantId is required.");
        return directory.RemoveAsync(context.Message.ParticipantId);
    }
}
