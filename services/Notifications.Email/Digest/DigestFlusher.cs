using System.Diagnostics;
using MassTransit;
using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Notifications.Email.Transport;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using Notifications.SharedState.Seen;

namespace Notifications.Email.Digest;

/// <summary>What one flush did.</summary>
public sealed record DigestFlushResult(int Claimed, int Sent, int Suppressed, int Failed, int Retrying);

/// <summary>
/// Sends the queued digests: claims entries, writes one email per (recipient, conversation) with every message
/// since the recipient's last digest, publishes a result for every notification folded into it and forgets the
/// claim. A recipient who is online is not emailed (<c>Email:Digest:CancelIfOnline</c>) when every notification of the
/// digest came from a row that notifies offline recipients only: they can read it in the chat. Digest mode changes
/// how emails go out, never who gets them, so a digest that answers for an A1/A2 notification (no presence filter)
/// is sent to an online agent too.
/// </summary>
public sealed class DigestFlusher(
    DigestStore store,
    EmailSettingsStore settings,
    TemplateStore templates,
    EmailTransports transports,
    DeliveryLedger ledger,
    NotificationDelivery delivery,
    DeliveryOutcomes outcomes,
    ConversationSeenStore seen,
    IBus bus,
    ILogger<DigestFlusher> logger)
{
    public const string RecipientRead = "recipient-read";

    /// <summary>
    /// The suppression of a notification whose message an earlier digest email already carried (it was queued while
    /// that one was being sent): nothing new to send, so it is not reported as delivered by an email that never left.
    /// </summary>
    public const string AlreadyInDigest = "already-in-digest";

    /// <summary>The recipient read the conversation (<c>ConversationSeen</c>) after the message and before the digest went out.</summary>
    public const string Seen = "seen";

    /// <summary>The span of one digest email (one recipient and conversation), beside <c>deliver {channel}</c>.</summary>
    public const string SpanName = "send digest";

    /// <summary>The span's event for each notification the email answers for.</summary>
    public const string NotificationEvent = "notification in digest";

    private const int BatchSize = 100;

    /// <summary>Kept free at the end of a claim: the result events and the completion happen after the send.</summary>
    private static readonly TimeSpan LeaseGuard = TimeSpan.FromSeconds(2);

    public async Task<DigestFlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        var email = await settings.GetEffectiveAsync();
        int claimed = 0, sent = 0, suppressed = 0, failed = 0, retrying = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await store.ClaimAsync(TimeSpan.FromSeconds(email.Digest.LeaseSeconds), BatchSize);
            if (batch.Count == 0)
                break;
            claimed += batch.Count;
            var released = 0;
            foreach (var digest in batch)
            {
                switch (await HandleAsync(digest, cancellationToken))
                {
                    case Outcome.Sent: sent++; break;
                    case Outcome.Suppressed: suppressed++; break;
                    case Outcome.Failed: failed++; break;
                    default: retrying++; released++; break;
                }
            }
            // Released entries are pending again: stop rather than claim them straight back.
            if (released > 0 || batch.Count < BatchSize)
                break;
        }
        NotificationsMetrics.DigestCounted(await store.PendingCountAsync());
        if (claimed > 0)
            logger.LogInformation("Digest flush: {Claimed} claimed, {Sent} sent, {Suppressed} dropped (recipient online), {Failed} failed, {Retrying} left for the next flush",
                claimed, sent, suppressed, failed, retrying);
        return new DigestFlushResult(claimed, sent, suppressed, failed, retrying);
    }

    internal enum Outcome { Sent, Suppressed, Failed, Retry }

    /// <summary>
    /// Sends, drops or fails one claimed entry, or gives it back for the next flush (internal for tests). Each entry is
    /// one <c>send digest</c> span with the provider call under it, so its log lines and its outcomes (the events and
    /// their delivery log entries) carry that span's trace: a trace of its own on the schedule, the request's trace
    /// when the admin API flushes.
    /// </summary>
    internal async Task<Outcome> HandleAsync(ClaimedDigest digest, CancellationToken cancellationToken)
    {
        using var activity = NotificationsTelemetry.ActivitySource.StartActivity(SpanName);
        activity?.SetTag(NotificationsTelemetry.Channel, Channels.Email);
        activity?.SetTag(NotificationsTelemetry.RecipientId, digest.Recipient.Id);
        activity?.SetTag(NotificationsTelemetry.ConversationId, digest.ConversationId);
        activity?.SetTag(NotificationsTelemetry.NotificationCount, digest.Notifications.Count);
        // One event per notification the email answers for, so a search by notification or message id finds the email.
        if (activity is { IsAllDataRequested: true })
        {
            foreach (var notification in digest.Notifications)
                activity.AddEvent(new ActivityEvent(NotificationEvent, tags: new()
                {
                    [NotificationsTelemetry.NotificationId] = notification.NotificationId,
                    [NotificationsTelemetry.MessageId] = notification.Message.MessageId,
                    [NotificationsTelemetry.Rule] = notification.Rule,
                }));
        }

        var email = await settings.GetEffectiveAsync();
        var transcript = await store.TranscriptOfAsync(digest);
        var lastPosted = transcript.Count > 0 ? transcript[^1].PostedAt.ToUnixTimeMilliseconds() : (long?)null;

        if (email.Digest.CancelIfOnline && digest.Notifications.All(n => n.OnlyWhileOffline) && await store.IsOnlineAsync(digest.Recipient.Id))
        {
            activity?.SetTag(NotificationsTelemetry.Outcome, "suppressed");
            activity?.SetTag(NotificationsTelemetry.SuppressionReason, RecipientRead);
            foreach (var notification in digest.Notifications)
                await outcomes.SuppressedAsync(bus, SubjectOf(digest, notification), RecipientRead, notification.Rule);
            await FinishAsync(digest, lastPosted, markLedger: true);
            return Outcome.Suppressed;
        }

        // What the recipient read before the digest goes out is left out of it, and its notifications end as seen.
        var seenAt = await seen.SeenAtAsync(digest.Recipient.Id, digest.ConversationId);
        if (seenAt is not null)
        {
            var read = digest.Notifications.Where(n => ConversationSeenStore.WasSeen(seenAt, n.Message.PostedAt)).ToList();
            foreach (var notification in read)
            {
                await outcomes.SuppressedAsync(bus, SubjectOf(digest, notification), Seen, notification.Rule);
                await ledger.MarkFinishedAsync(notification.NotificationId);
            }
            transcript = transcript.Where(entry => !ConversationSeenStore.WasSeen(seenAt, entry.PostedAt)).ToList();
            digest = digest with { Notifications = digest.Notifications.Except(read).ToList() };
            if (digest.Notifications.Count == 0)
            {
                activity?.SetTag(NotificationsTelemetry.Outcome, "suppressed");
                activity?.SetTag(NotificationsTelemetry.SuppressionReason, Seen);
                await FinishAsync(digest, lastPosted, markLedger: false);
                return Outcome.Suppressed;
            }
        }

        if (transcript.Count == 0)
        {
            // Every message was in an earlier digest already (queued while that one was being sent): no email now, so no
            // "delivered" either.
            activity?.SetTag(NotificationsTelemetry.Outcome, "suppressed");
            activity?.SetTag(NotificationsTelemetry.SuppressionReason, AlreadyInDigest);
            foreach (var notification in digest.Notifications)
                await outcomes.SuppressedAsync(bus, SubjectOf(digest, notification), AlreadyInDigest, notification.Rule);
            await FinishAsync(digest, null, markLedger: true);
            return Outcome.Suppressed;
        }

        var digestId = $"digest:{digest.Recipient.Id}:{digest.ConversationId}:{lastPosted}";
        // Once the claim runs out another flush may take the entry and send it too, so a send must end before then:
        // one that could not start in time is left for the next flush, one still running then is given up.
        var timeToSend = digest.LeaseExpiresAt - DateTimeOffset.UtcNow - LeaseGuard;
        if (timeToSend < LeaseGuard)
        {
            activity?.SetTag(NotificationsTelemetry.Outcome, "deferred");
            logger.LogWarning("Digest {DigestId}: its claim runs out before it could be sent; the next flush sends it (raise Email:Digest:LeaseSeconds if this repeats)", digestId);
            await store.ReleaseAsync(digest);
            return Outcome.Retry;
        }
        using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinLease.CancelAfter(timeToSend);
        BatchDelivery sent;
        try
        {
            // The pipeline claims each notification's ledger entry, sends, marks them finished and publishes each outcome.
            sent = await delivery.DeliverBatchAsync(bus, [.. digest.Notifications.Select(notification => SubjectOf(digest, notification))], async sendWithinLease =>
            {
                var template = await templates.ResolveAsync(digest.Recipient.Role, TemplateKind.Digest, digest.Recipient.Locale);
                var message = EmailComposer.ComposeDigest(digestId, digest.Recipient, digest.ConversationId, transcript, email, template.Template);
                DkimSigning.SignIfConfigured(message, email.Dkim);
                var provider = await transports.For(email).SendAsync(new OutgoingEmail(digestId, digest.Recipient.Id, message), sendWithinLease);
                // At once, so even a flush that dies now never sends these messages again in a later digest.
                await store.RememberSentAsync(digest.EntryId, transcript.Select(entry => entry.MessageId));
                return provider;
            }, withinLease.Token);
        }
        catch (Exception failure) when (failure is ProviderException or TemplateException || failure is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Digest {DigestId} to {RecipientId} failed, the next flush retries it: {Reason}", digestId, digest.Recipient.Id, failure.Message);
            await store.ReleaseAsync(digest);
            return Outcome.Retry;
        }

        switch (sent.Outcome)
        {
            case BatchOutcome.Delivered:
                logger.LogInformation("Digest {DigestId} with {Messages} messages sent to {RecipientId} for {Notifications} notifications via {Provider}",
                    digestId, transcript.Count, digest.Recipient.Id, digest.Notifications.Count, sent.Provider);
                await FinishAsync(digest, lastPosted, markLedger: false);
                return Outcome.Sent;
            case BatchOutcome.FailedPermanently:
                logger.LogWarning("Digest {DigestId} to {RecipientId} failed for good: {Reason}", digestId, digest.Recipient.Id, sent.FailureReason);
                await FinishAsync(digest, null, markLedger: false);
                return Outcome.Failed;
            case BatchOutcome.AlreadyFinished:
                // A flush that died after sending finished them: their outcomes are out, only the entry is left.
                activity?.SetTag(NotificationsTelemetry.Outcome, "duplicate");
                logger.LogInformation("Digest {DigestId}: its notifications were handled before; nothing sent", digestId);
                await FinishAsync(digest, null, markLedger: false);
                return Outcome.Sent;
            default:
                activity?.SetTag(NotificationsTelemetry.Outcome, "deferred");
                logger.LogWarning("Digest {DigestId}: one of its notifications is being sent elsewhere; the next flush sends it", digestId);
                await store.ReleaseAsync(digest);
                return Outcome.Retry;
        }
    }

    /// <param name="markLedger">
    /// False after <see cref="NotificationDelivery.DeliverBatchAsync"/>, which marked the notifications it sent;
    /// true when nothing was sent, so a redelivered command is not queued again.
    /// </param>
    private async Task FinishAsync(ClaimedDigest digest, long? lastPosted, bool markLedger)
    {
        if (markLedger)
        {
            foreach (var notification in digest.Notifications)
                await ledger.MarkFinishedAsync(notification.NotificationId);
        }
        if (!await store.CompleteAsync(digest, lastPosted))
            logger.LogWarning("The claim of digest entry for {RecipientId} had expired before it was finished; raise Email:Digest:LeaseSeconds", digest.Recipient.Id);
    }

    private static OutcomeSubject SubjectOf(ClaimedDigest digest, PendingNotification notification) =>
        new(notification.NotificationId, Channels.Email, digest.Recipient.Id, digest.ConversationId, notification.Message.MessageId);
}
