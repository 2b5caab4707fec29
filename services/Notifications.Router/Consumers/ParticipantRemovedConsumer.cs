using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Erasure;

namespace Notifications.Router.Consumers;

/// <summary>
/// Removes a participant from the directory and from every agent list; with <c>erase: true</c>, erases their personal
/// data as well (<see cref="ParticipantErasure"/>).
/// </summary>
public sealed class ParticipantRemovedConsumer(ParticipantDirectory directory, ParticipantErasure erasure, ILogger<ParticipantRemovedConsumer> logger) : IConsumer<ParticipantRemoved>
{
    private static readonly ParticipantRemovedValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantRemoved> context)
    {
        var removed = context.Message;
        Validator.EnsureValid(removed);
        if (removed.Erase)
        {
            // An erase is a request about a person, not a change in the directory's history: never ignored as older.
            var report = await erasure.EraseAsync(removed.ParticipantId, removed.At);
            // Counts only: the id would put the erased participant back into the logs.
            logger.LogInformation("ParticipantRemoved with erase: {Known}, {KeysDeleted} keys deleted, {AddressesKept} address hashes kept, " +
                "{TranscriptsDeleted} transcripts deleted, {TranscriptEntriesRemoved} transcript entries removed, {DeliveryLogEntriesRedacted} delivery-log entries redacted",
                report.Known ? "erased" : "nothing was held", report.KeysDeleted, report.AddressesKept, report.TranscriptsDeleted,
                report.TranscriptEntriesRemoved, report.DeliveryLogEntriesRedacted);
            return;
        }
        if (!await directory.RemoveAsync(removed.ParticipantId, removed.At))
            logger.LogInformation("ParticipantRemoved {ParticipantId} at {At:o} ignored: a newer change was already applied", removed.ParticipantId, removed.At);
    }
}
