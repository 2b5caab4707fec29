using System.Diagnostics;
using MassTransit;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.Delivery;

/// <summary>What one provider call for several notifications came to.</summary>
public enum BatchOutcome
{
    /// <summary>The provider accepted it: each notification claimed was published as delivered.</summary>
    Delivered,

    /// <summary>The provider refused it for good: each notification claimed was published as failed (permanent).</summary>
    FailedPermanently,

    /// <summary>Every notification was finished before (by an earlier call that died before its caller forgot them): nothing was sent.</summary>
    AlreadyFinished,

    /// <summary>Another consumer is sending one of the notifications right now: nothing was sent, every claim is given back.</summary>
    HeldElsewhere,
}

/// <param name="Provider">The provider that accepted the call, or the one that refused it when it was called.</param>
/// <param name="FailureReason">Why the provider refused, redacted as published.</param>
public sealed record BatchDelivery(BatchOutcome Outcome, string? Provider = null, string? FailureReason = null);

public sealed partial class NotificationDelivery
{
    /// <summary>
    /// One provider call answering for several notifications (a digest email): claims every notification's ledger
    /// entry, calls the provider once, and publishes each notification's outcome through <see cref="DeliveryOutcomes"/>
    /// (counted on <c>notifications.sent</c> or <c>failed</c>, never on the delivery latency: the batch's is the
    /// caller's schedule). Runs in the caller's span, tagged as a delivery span is; the caller logs.
    /// A transient failure gives every claim back and is rethrown: the caller decides when to try again.
    /// </summary>
    /// <param name="send">Calls the provider and returns its name; throws <see cref="ProviderException"/> on failure.</param>
    public async Task<BatchDelivery> DeliverBatchAsync(IPublishEndpoint publisher, IReadOnlyList<OutcomeSubject> notifications,
        Func<CancellationToken, Task<string>> send, CancellationToken cancellationToken)
    {
        var activity = Activity.Current;
        var claimToken = Guid.NewGuid().ToString("N");
        var claims = await ClaimEachAsync(notifications, claimToken);
        if (claims is null)
            return new BatchDelivery(BatchOutcome.HeldElsewhere);
        var (claimed, sentBefore) = claims.Value;
        // Sent by an earlier call whose outcomes were not all published: published now, not sent again.
        foreach (var notification in sentBefore)
        {
            if (await ledger.SentByAsync(notification.NotificationId) is not { } sentBy)
                continue;
            await outcomes.DeliveredAsync(publisher, notification, sentBy);
            await ledger.MarkFinishedAsync(notification.NotificationId);
        }
        if (claimed.Count == 0)
            return new BatchDelivery(BatchOutcome.AlreadyFinished);

        string provider;
        using var attribution = ProviderAttribution.Begin();
        try
        {
            var renewals = claimed.Select(notification => ledger.KeepClaimed(notification.NotificationId, claimToken)).ToList();
            try
            {
                provider = await send(cancellationToken);
            }
            finally
            {
                foreach (var renewal in renewals)
                    await renewal.DisposeAsync();
            }
        }
        catch (ProviderException failure) when (failure.Permanent)
        {
            var reason = PersonalDataRedaction.Redact(failure.Message);
            DeliverySpan.Failed(activity, permanent: true, attribution.Provider, reason);
            // Each published before it is marked finished; one that cannot be published gives back what is left.
            for (var i = 0; i < claimed.Count; i++)
            {
                try
                {
                    await outcomes.FailedAsync(publisher, claimed[i], reason, permanent: true, attribution.Provider);
                }
                catch
                {
                    await ReleaseEachAsync(claimed.Skip(i), claimToken);
                    throw;
                }
                await ledger.MarkFinishedAsync(claimed[i].NotificationId);
            }
            return new BatchDelivery(BatchOutcome.FailedPermanently, attribution.Provider, reason);
        }
        catch (Exception failure)
        {
            await ReleaseEachAsync(claimed, claimToken);
            DeliverySpan.Failed(activity, permanent: false, attribution.Provider, PersonalDataRedaction.Redact(failure.Message));
            throw;
        }

        // Sent, then published, then finished: what a failed publish leaves is published by the next call (sentBefore).
        foreach (var notification in claimed)
            await ledger.MarkSentAsync(notification.NotificationId, provider);
        DeliverySpan.Delivered(activity, provider);
        try
        {
            foreach (var notification in claimed)
            {
                await outcomes.DeliveredAsync(publisher, notification, provider);
                await ledger.MarkFinishedAsync(notification.NotificationId);
            }
        }
        catch
        {
            // The next call publishes what is left at once (finished ones lost their mark already).
            foreach (var notification in claimed)
                await ledger.StopAnnouncingAsync(notification.NotificationId);
            throw;
        }
        return new BatchDelivery(BatchOutcome.Delivered, provider);
    }

    /// <summary>
    /// The notifications this call now owns, leaving out those finished before (they have their outcome), and apart
    /// those sent before whose outcome is still to be published; null when another consumer holds one, after giving
    /// back the claims taken so far, so a retry can claim them all.
    /// </summary>
    private async Task<(List<OutcomeSubject> Claimed, List<OutcomeSubject> SentBefore)?> ClaimEachAsync(IReadOnlyList<OutcomeSubject> notifications, string claimToken)
    {
        var claimed = new List<OutcomeSubject>();
        var sentBefore = new List<OutcomeSubject>();
        foreach (var notification in notifications)
        {
            switch (await ledger.TryClaimAsync(notification.NotificationId, claimToken, ledger.ClaimLease))
            {
                case LedgerClaim.Claimed:
                    claimed.Add(notification);
                    break;
                case LedgerClaim.SentNotAnnounced:
                    sentBefore.Add(notification);
                    break;
                case LedgerClaim.HeldElsewhere:
                    await ReleaseEachAsync(claimed, claimToken);
                    return null;
            }
        }
        return (claimed, sentBefore);
    }

    private async Task ReleaseEachAsync(IEnumerable<OutcomeSubject> notifications, string claimToken)
    {
        foreach (var notification in notifications)
            await ledger.ReleaseAsync(notification.NotificationId, claimToken);
    }
}
