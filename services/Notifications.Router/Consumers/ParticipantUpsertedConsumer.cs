using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Keeps the participant directory current.</summary>
public sealed class ParticipantUpsertedConsumer(ParticipantDirectory directory) : IConsumer<ParticipantUpserted>
{
    public Task Consume(ConsumeContext<ParticipantUpserted> context)
    {
        if (ParticipantDirectory.Validate(context.Message) is { } problem)
            throw new InvalidMessageException($"Invalid ParticipantUpserted {context.Message.ParticipantId}: {problem}");
        return directory.UpsertAsync(ParticipantRecord.From(context.Message));
    }
}
