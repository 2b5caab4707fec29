using Notifications.Contracts;

namespace Notifications.SharedState.Webhooks;

/// <summary>
/// The events the system publishes back to the platform, which the webhook sender posts to <c>Webhooks:Url</c>, each
/// under its contract name (the webhook body's <c>type</c>). The admin service reads the same list to replay a dead
/// letter as the event it was.
/// </summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = new[]
    {
        typeof(NotificationDelivered),
        typeof(NotificationFailed),
        typeof(NotificationSuppressed),
        typeof(MessageRouted),
        typeof(SmsReplyReceived),
        typeof(EmailReplyReceived),
        typeof(ParticipantOptedOut),
        typeof(ParticipantOptedIn),
    }.ToDictionary(type => type.Name, StringComparer.Ordinal);
}
