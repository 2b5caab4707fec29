using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Preferences;
using Notifications.Router.Routing;

namespace Notifications.Router.Quiet;

/// <summary>
/// Quiet hours are over: takes their summary atomically and sends ONE command with the summary's id and what was
/// missed (<see cref="CatchUpSummaryOf"/>: the counts, which the sender puts in words); the sender answers for it with its own outcome. A router that dies half way takes the same summary
/// again when the note is redelivered; the command carries the same id, which the senders' ledger sends once.
/// The held notifications are checked against the recipient's choices as they are now (<see cref="ChoicesAtRelease"/>):
/// one whose channel they opted out of, whose conversation they muted, or whose address bounced meanwhile is left out
/// (it ended as <c>quiet-hours</c> already), and a summary with none left is not sent.
/// </summary>
public sealed class QuietSummaryRelease(QuietSummaries summaries, ChoicesAtRelease choices, IEnumerable<IQuietSummaryTakenHook> hooks, TimeProvider clock, ILogger<QuietSummaryRelease> logger)
{
    public async Task ReleaseAsync(ConsumeContext context, QuietHoursEnded note)
    {
        var held = await summaries.TakeAsync(note);
        if (held is null || held.Count == 0)
        {
            logger.LogDebug("Quiet-hours summary {SummaryId} was sent before; its repeated note does nothing", note.SummaryId);
            if (held is not null)
                await summaries.DoneAsync(note);
            return;
        }
        foreach (var hook in hooks)
            await hook.TakenAsync(note.SummaryId, context.CancellationToken);
        var recipient = await choices.RecipientAsync(note.RecipientId);
        var wanted = held.Where(p => ChoicesAtRelease.Suppression(recipient, p.Message.ConversationId, note.Channel) is null).ToList();
        if (wanted.Count == 0)
        {
            await summaries.DoneAsync(note);
            logger.LogInformation("Quiet hours of {RecipientId} ended: summary {SummaryId} ({Channel}) not sent, the recipient no longer wants any of its {Held} notifications",
                note.RecipientId, note.SummaryId, note.Channel, held.Count);
            return;
        }
        held = wanted;
        var latest = held[^1];
        var now = clock.GetUtcNow();
        // The message names the summary (its id, the latest conversation); the sender words the counts itself.
        var message = new NotifiedMessage
        {
            MessageId = note.SummaryId,
            ConversationId = latest.Message.ConversationId,
            Sender = CatchUpSummaryOf.Sender,
            Text = "",
            PostedAt = now,
        };
        await ChannelCommands.SendAsync(context, note.Channel, note.SummaryId, held[0].Rule, latest.Recipient, message, onlyWhileOffline: false,
            summary: CatchUpSummaryOf.For(held, now));
        await summaries.DoneAsync(note);
        logger.LogInformation("Quiet hours of {RecipientId} ended: summary {SummaryId} ({Channel}) for {Held} held notifications",
            note.RecipientId, note.SummaryId, note.Channel, held.Count);
    }
}
