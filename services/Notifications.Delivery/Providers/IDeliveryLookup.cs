namespace Notifications.Delivery.Providers;

/// <summary>What a provider says it accepted: its name and, when it gives one, its id of the message.</summary>
public sealed record ProviderAcceptance(string Provider, string? ProviderMessageId = null);

/// <summary>
/// A provider without an idempotency key that can still be asked whether it accepted a send (Twilio's message list).
/// <see cref="NotificationDelivery"/> asks it before re-sending a notification whose earlier attempt has no known
/// result (the ledger's attempt mark): found, the notification is delivered without sending again; not found, it is sent.
/// </summary>
public interface IDeliveryLookup
{
    /// <param name="earlierAttemptStartedAt">When the earlier attempt was claimed: the provider cannot have taken it before.</param>
    /// <returns>The acceptance, or null when the provider has no such send.</returns>
    /// <exception cref="Exception">Any failure to ask: the delivery retries later and never sends blindly.</exception>
    Task<ProviderAcceptance?> FindAcceptedAsync(DeliveryTicket ticket, DateTimeOffset earlierAttemptStartedAt, CancellationToken cancellationToken);
}
