using Notifications.Contracts;

namespace Notifications.ContractSchemas;

/// <summary>
/// The messages that cross the broker, each with one schema file. Nested records (MessageSender, NotificationRecipient,
/// ...) are inlined in the schemas of the messages that carry them, so they get no file of their own.
/// </summary>
public static class ContractTypes
{
    /// <summary>What the chat platform publishes to the system.</summary>
    public static readonly Type[] PlatformEvents =
        [typeof(MessagePosted), typeof(ParticipantUpserted), typeof(ParticipantRemoved), typeof(PresenceChanged), typeof(ChatbotReplied), typeof(ConversationSeen)];

    /// <summary>Sent by the router (and the gateway: verified Twilio webhooks) to the senders' queues: internal to the system, documented for operators.</summary>
    public static readonly Type[] Commands =
        [typeof(SendEmail), typeof(SendSms), typeof(SendPush), typeof(SendRealtimeNotification), typeof(TwilioWebhookReceived)];

    /// <summary>What the system publishes back to the platform.</summary>
    public static readonly Type[] SystemEvents =
        [typeof(NotificationDelivered), typeof(NotificationFailed), typeof(NotificationSuppressed), typeof(MessageRouted), typeof(SmsReplyReceived),
         typeof(ParticipantOptedOut), typeof(ParticipantOptedIn), typeof(EmailReplyReceived)];

    public static IEnumerable<Type> All => PlatformEvents.Concat(Commands).Concat(SystemEvents);
}
