namespace Notifications.SmsSender.Channels;

/// <summary>Sends (or records) one SMS.</summary>
public interface ISmsChannel
{
    /// <summary>Returns the provider name for the delivery result; throws <c>ProviderException</c> on failure.</summary>
    Task<string> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);
}
