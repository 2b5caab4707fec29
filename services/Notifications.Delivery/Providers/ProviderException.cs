namespace Notifications.Delivery.Providers;

/// <summary>
/// A provider refused or failed a send. <see cref="Permanent"/> failures (invalid address, authentication,
/// blocked destination) are reported and not retried; transient ones (4xx SMTP, network, 5xx HTTP) are retried.
/// The message says what went wrong and what to fix, and never carries a secret.
/// </summary>
public sealed class ProviderException(string reason, bool permanent, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}
