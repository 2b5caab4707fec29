using Microsoft.Extensions.Logging;
using Notifications.Delivery.Providers;

namespace Notifications.Delivery;

public sealed partial class NotificationDelivery
{
    /// <summary>
    /// Before a re-send whose earlier attempt has no known result: the provider that accepted that attempt (the
    /// notification is then delivered without sending again), or null to send. A lookup that fails is a transient
    /// failure that keeps the attempt mark, so the retry asks again: never a blind re-send.
    /// </summary>
    private async Task<string?> AcceptedInEarlierAttemptAsync(DeliveryTicket ticket, DateTimeOffset? earlierAttemptStartedAt, IDeliveryLookup? lookup,
        CancellationToken cancellationToken)
    {
        if (earlierAttemptStartedAt is not { } startedAt)
            return null;
        if (lookup is null)
        {
            await ledger.BeginNewAttemptAsync(ticket.NotificationId);
            return null;
        }

        ProviderAcceptance? accepted;
        try
        {
            accepted = await lookup.FindAcceptedAsync(ticket, startedAt, cancellationToken);
        }
        catch (Exception failure)
        {
            throw new ProviderException(
                $"Could not ask the provider whether it accepted an earlier attempt begun at {startedAt:u} ({DescribeTransient(failure)}); not sending again until it can be asked.",
                permanent: false, failure, mayHaveBeenAccepted: true);
        }

        if (accepted is null)
        {
            logger.LogInformation("Notification {NotificationId}: an earlier attempt begun at {AttemptStartedAt:u} has no known result and the provider has no such send; sending it",
                ticket.NotificationId, startedAt);
            await ledger.BeginNewAttemptAsync(ticket.NotificationId);
            return null;
        }
        logger.LogInformation("Notification {NotificationId}: {Provider} accepted an earlier attempt begun at {AttemptStartedAt:u} (message {ProviderMessageId}); not sending it again",
            ticket.NotificationId, accepted.Provider, startedAt, accepted.ProviderMessageId);
        return accepted.Provider;
    }
}
