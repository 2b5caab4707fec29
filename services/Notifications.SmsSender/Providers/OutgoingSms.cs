namespace Notifications.SmsSender.Providers;

/// <summary>One SMS ready for a provider: the recipient's E.164 number, the sender and the final text.</summary>
/// <param name="StatusCallback">Where Twilio reports the delivery status, when a public webhook URL is configured.</param>
public sealed record OutgoingSms(string NotificationId, string To, string? From, string Body, Uri? StatusCallback = null);

/// <summary>What a provider returns for an accepted SMS: the provider, and Twilio's MessageSid when there is one.</summary>
public sealed record SmsReceipt(string Provider, string? MessageSid = null);
