using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Keeps the participant directory current; an update older than the latest applied one is ignored.</summary>
public sealed class ParticipantUpsertedConsumer(ParticipantDirectory directory, EventClock eventClock, ILogger<ParticipantUpsertedConsumer> logger) : IConsumer<ParticipantUpserted>
{
    private static readonly ParticipantUpsertedValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantUpserted> context)
    {
        var upserted = context.Message;
        Validator.EnsureValid(upserted);
        eventClock.EnsureNotInFuture(upserted.At, nameof(ParticipantUpserted), upserted.ParticipantId);
        if (!await directory.UpsertAsync(ParticipantRecord.From(upserted), upserted.At))
            logger.LogInformation("ParticipantUpserted {ParticipantId} at {At:o} ignored: a newer change was already applied", upserted.ParticipantId, upserted.At);
    }
}
