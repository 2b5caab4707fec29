namespace Notifications.Delivery.Providers;

/// <summary>
/// A provider refused or failed a send. <see cref="Permanent"/> failures (invalid address, authentication,
/// blocked destination) are reported and not retried; transient ones (4xx SMTP, network, 5xx HTTP) are retried.
/// The message says what went wrong and what to fix, and never carries a secret.
/// </summary>
/// <param name="mayHaveBeenAccepted">
/// The provider may have taken the send all the same (the call timed out, or its answer was lost): a provider that can
/// be asked (<see cref="IDeliveryLookup"/>) is asked before the retry sends again. False when the provider answered
/// with its refusal (a 503, a 429), which it makes only for what it did not accept.
/// </param>
/// <param name="bounce">
/// What the refusal says about the address itself (<see cref="Notifications.Contracts.BounceKinds"/>: a 5.1.x rejection
/// of the recipient is <c>hard</c>), carried into <c>NotificationFailed.Bounce</c>; null when it says nothing about it.
/// </param>
public sealed class ProviderException(string reason, bool permanent, Exception? inner = null, bool mayHaveBeenAccepted = false, string? bounce = null)
    : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;

    public bool MayHaveBeenAccepted { get; } = mayHaveBeenAccepted;

    public string? Bounce { get; } = bounce;
}
