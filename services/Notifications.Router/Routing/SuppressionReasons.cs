namespace Notifications.Router.Routing;

/// <summary>The reasons published in <c>NotificationSuppressed</c> and counted by the suppression metric.</summary>
public static class SuppressionReasons
{
    public const string OfflineFilter = "offline-filter";
    public const string AlreadyNotifiedThisSession = "already-notified-this-session";
    public const string BotAnswered = "bot-answered";
    public const string SenderIsRecipient = "sender-is-recipient";
    public const string NoContactAddress = "no-contact-address";
    public const string RecipientOnline = "recipient-online";
    public const string UnknownRecipient = "unknown-recipient";
}
