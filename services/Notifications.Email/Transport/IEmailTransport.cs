using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.Email.Transport;

/// <summary>Hands an email to whatever delivers it (an SMTP server, a pickup directory).</summary>
public interface IEmailTransport
{
    /// <returns>The provider name reported in <c>NotificationDelivered</c>.</returns>
    /// <exception cref="ProviderException">The send failed; <see cref="ProviderException.Permanent"/> says whether a retry can help.</exception>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
