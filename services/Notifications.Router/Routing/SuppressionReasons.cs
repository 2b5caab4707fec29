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

    /// <summary>The row names nobody: a department without agents (A1), no agents at all (A3).</summary>
    public const string NoRecipients = "no-recipients";

    /// <summary>N1: a bot's message notifies nobody.</summary>
    public const string BotMessage = "bot-message";

    /// <summary>The channel is switched off (configuration or the admin API): the notification would otherwise have been sent.</summary>
    public const string ChannelDisabled = "channel-disabled";
}
