using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.AddressMarks;
using Notifications.SharedState.OptOuts;

namespace Notifications.Router.Consumers;

/// <summary>
/// Keeps the participant directory current; an update older than the latest applied one is ignored. The preferences
/// are stored with the entry; the opt-outs stay apart and are only changed by a channel sent <c>true</c>, or taken over
/// from an address that opted out before (<see cref="OptOutStore.ReconcileAsync"/>); likewise a bad-address mark
/// (<see cref="AddressMarkStore.ReconcileAsync"/>).
/// </summary>
public sealed class ParticipantUpsertedConsumer(ParticipantDirectory directory, OptOutStore optOuts, AddressMarkStore addressMarks, EventClock eventClock,
    ILogger<ParticipantUpsertedConsumer> logger) : IConsumer<ParticipantUpserted>
{
    private static readonly ParticipantUpsertedValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantUpserted> context)
    {
        var upserted = context.Message;
        Validator.EnsureValid(upserted);
        eventClock.EnsureNotInFuture(upserted.At, nameof(ParticipantUpserted), upserted.ParticipantId);
        var participant = ParticipantRecord.From(upserted);
        if (!await directory.UpsertAsync(participant, upserted.At))
        {
            logger.LogInformation("ParticipantUpserted {ParticipantId} at {At:o} ignored: a newer change was already applied", upserted.ParticipantId, upserted.At);
            return;
        }
        // After the entry: a message routed in between sees the old opt-outs for one more message at most, never none at all.
        await optOuts.ReconcileAsync(participant.Id, participant.Email, participant.Phone, upserted.Preferences?.Channels);
        // An address marked bad under anyone (an erased participant, another id) marks this one too; another address is simply not marked.
        await addressMarks.ReconcileAsync(participant.Id, (Channels.Email, participant.Email), (Channels.Sms, participant.Phone));
    }
}
