using System.Diagnostics;
using Notifications.SharedState.Ledger;
using MassTransit;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;
using Notifications.Scheduling.Redelivery;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Providers;

namespace Notifications.Delivery;

/// <summary>
/// The one way every sender delivers a notification: claim the id (idempotency), call the provider, remember
/// the outcome and publish <see cref="NotificationDelivered"/> or <see cref="NotificationFailed"/> (built, counted
/// and written to the delivery log by <see cref="DeliveryOutcomes"/>). <see cref="DeliverBatchAsync"/> does the
/// same for one provider call answering for several notifications (a digest email).
/// Transient failures are rethrown so MassTransit retries them with backoff, then redelivers them later through the
/// delay ladder (<see cref="RedeliveryPolicy"/>); when the last attempt of all fails too, the failure is published
/// (not permanent) and the command goes to the error queue for replay. Every outcome is
/// published before the ledger says finished, so a failed publish is retried rather than lost.
/// </summary>
public sealed partial class NotificationDelivery(DeliveryLedger ledger, DeliveryOutcomes outcomes, RedeliveryPolicy redelivery, ILogger<NotificationDelivery> logger)
{
    /// <param name="send">Calls the provider and returns its name; throws <see cref="ProviderException"/> on failure.</param>
    /// <param name="lookup">
    /// For a provider without an idempotency key that can be asked what it accepted: consulted before a re-send whose
    /// earlier attempt has no known result. Null: such a notification is sent again (the provider cannot be asked).
    /// </param>
    public async Task DeliverAsync(ConsumeContext context, DeliveryTicket ticket, Func<CancellationToken, Task<string>> send, IDeliveryLookup? lookup = null)
    {
        using var activity = NotificationsTelemetry.ActivitySource.StartActivity($"deliver {ticket.Channel}");
        activity?.SetTag(NotificationsTelemetry.NotificationId, ticket.NotificationId);
        activity?.SetTag(NotificationsTelemetry.Channel, ticket.Channel);
        activity?.SetTag(NotificationsTelemetry.RecipientId, ticket.Recipient.Id);
        activity?.SetTag(NotificationsTelemetry.ConversationId, ticket.Message.ConversationId);
        activity?.SetTag(NotificationsTelemetry.MessageId, ticket.Message.MessageId);
        activity?.SetTag(NotificationsTelemetry.Rule, ticket.Rule);

        var claimToken = Guid.NewGuid().ToString("N");
        var claim = await ledger.ClaimAttemptAsync(ticket.NotificationId, claimToken, context.CancellationToken);
        switch (claim.Claim)
        {
            case LedgerClaim.AlreadyFinished:
                logger.LogInformation("Notification {NotificationId} was already handled; redelivery acknowledged without sending", ticket.NotificationId);
                activity?.SetTag(NotificationsTelemetry.Outcome, "duplicate");
                return;
            case LedgerClaim.HeldElsewhere:
                throw new ProviderException($"Notification {ticket.NotificationId} is being sent by another consumer; retrying later.", permanent: false);
            case LedgerClaim.SentNotAnnounced:
                await AnnounceSentAsync(context, ticket, activity);
                return;
        }

        // Set once the provider accepted it: from then on no failure may be published, nor the attempt forgotten.
        string? provider = null;
        using var attribution = ProviderAttribution.Begin();
        try
        {
            await using (ledger.KeepClaimed(ticket.NotificationId, claimToken))
            {
                provider = await AcceptedInEarlierAttemptAsync(ticket, claim.UnknownAttemptStartedAt, lookup, context.CancellationToken)
                    ?? await send(context.CancellationToken);
                // Sent, then published, then finished: a publish that fails leaves it "sent", and the retry publishes it
                // without calling the provider again (LedgerClaim.SentNotAnnounced). Marked first of all once the
                // provider accepted it, before the claim's renewal is stopped: a crash between the acceptance and this
                // mark is what sends a provider without an idempotency key (SMTP) the notification again, so nothing
                // stands between the two that need not.
                await ledger.MarkSentAsync(ticket.NotificationId, provider);
            }
        }
        catch (ProviderException failure) when (failure.Permanent && provider is null)
        {
            // Published before it is marked finished: a publish that fails gives the claim back and is retried, and the
            // retry (the provider refuses again) publishes it; marked first, the retry would find it finished and say nothing.
            try
            {
                await PublishFailedAsync(context, ticket, failure.Message, permanent: true, attribution.Provider, activity, failure.Bounce);
            }
            catch
            {
                await ledger.ReleaseAsync(ticket.NotificationId, claimToken);
                throw;
            }
            await ledger.MarkFinishedAsync(ticket.NotificationId);
            return;
        }
        catch (Exception failure) when (provider is null)
        {
            // The provider answered with a refusal, so it holds nothing of this attempt: the retry sends without asking.
            // Any other failure (a timeout, a lost answer, a failed lookup) leaves the attempt mark for the retry to look up.
            if (failure is ProviderException { MayHaveBeenAccepted: false })
                await ledger.ForgetAttemptAsync(ticket.NotificationId);
            await ledger.ReleaseAsync(ticket.NotificationId, claimToken);
            if (redelivery.IsFinalAttempt(context))
                await PublishFailedAsync(context, ticket, DescribeTransient(failure), permanent: false, attribution.Provider, activity);
            else
                logger.LogWarning("Notification {NotificationId} failed transiently, will retry: {Reason}", ticket.NotificationId, DescribeTransient(failure));
            throw;
        }

        DeliverySpan.Delivered(activity, provider);
        logger.LogInformation("Notification {NotificationId} ({Channel}, rule {Rule}) delivered to {RecipientId} via {Provider}",
            ticket.NotificationId, ticket.Channel, ticket.Rule, ticket.Recipient.Id, provider);
        try
        {
            await PublishDeliveredAsync(context, ticket, provider);
        }
        catch
        {
            // Not announcing any more: the retry publishes it without waiting for this sender's mark to run out.
            await ledger.StopAnnouncingAsync(ticket.NotificationId);
            throw;
        }
        await ledger.MarkFinishedAsync(ticket.NotificationId);
    }

    /// <summary>A redelivery of a notification the provider accepted before its outcome was published: publishes it, sends nothing.</summary>
    private async Task AnnounceSentAsync(ConsumeContext context, DeliveryTicket ticket, Activity? activity)
    {
        // Gone between the claim and this read means another redelivery announced it and marked it finished meanwhile.
        if (await ledger.SentByAsync(ticket.NotificationId) is not { } provider)
            return;
        DeliverySpan.Delivered(activity, provider);
        logger.LogInformation("Notification {NotificationId} was sent before but its outcome not published; publishing it without sending again",
            ticket.NotificationId);
        await PublishDeliveredAsync(context, ticket, provider);
        await ledger.MarkFinishedAsync(ticket.NotificationId);
    }

    /// <summary>One outcome per notification the ticket answers for (a grouped command answers for several), published together.</summary>
    private Task PublishDeliveredAsync(ConsumeContext context, DeliveryTicket ticket, string provider) =>
        Task.WhenAll(ticket.Subjects.Select(each => outcomes.DeliveredAsync(context, each.Subject, provider, postedAt: each.PostedAt, context.CancellationToken)));

    private async Task PublishFailedAsync(ConsumeContext context, DeliveryTicket ticket, string reason, bool permanent, string? provider, Activity? activity,
        string? bounce = null)
    {
        // The reason goes to the span, the log and the platform: a provider's quoted number or address must not.
        reason = PersonalDataRedaction.Redact(reason);
        DeliverySpan.Failed(activity, permanent, provider, reason);
        logger.LogWarning("Notification {NotificationId} ({Channel}) to {RecipientId} failed (permanent: {Permanent}): {Reason}",
            ticket.NotificationId, ticket.Channel, ticket.Recipient.Id, permanent, reason);
        await Task.WhenAll(ticket.Subjects.Select(each => outcomes.FailedAsync(context, each.Subject, reason, permanent, provider, context.CancellationToken, bounce: bounce)));
    }

    private static string DescribeTransient(Exception failure) => failure switch
    {
        ProviderException provider => PersonalDataRedaction.Redact(provider.Message),
        OperationCanceledException => "The send was cancelled (the service is stopping); it will be retried.",
        _ => $"{failure.GetType().Name}: {PersonalDataRedaction.Redact(failure.Message)}",
    };
}
