namespace Notifications.SmsSender.Providers;

/// <summary>Sends (or records) one SMS.</summary>
public interface ISmsProvider
{
    /// <summary>Returns the provider (and its message id) for the delivery result; throws <c>ProviderException</c> on failure.</summary>
    Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);
}
