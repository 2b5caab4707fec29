namespace Notifications.Router.Routing;

/// <summary>The reasons published in <c>NotificationSuppressed</c> and counted by the suppression metric.</summary>
public static class SuppressionReasons
{
    /// <summary>The row notifies offline recipients only (A3, A4, U1, I1, M1): an online one gets the desktop notification instead.</summary>
    public const string OfflineFilter = "offline-filter";
    public const string AlreadyNotifiedThisSession = "already-notified-this-session";
    public const string BotAnswered = "bot-answered";
    public const string SenderIsRecipient = "sender-is-recipient";
    public const string NoContactAddress = "no-contact-address";
    public const string RecipientOnline = "recipient-online";
    public const string UnknownRecipient = "unknown-recipient";

    /// <summary>The row names nobody: a help desk without agents (A3), a note with nobody to tell (I1).</summary>
    public const string NoRecipients = "no-recipients";

    /// <summary>N1: a bot's message notifies nobody.</summary>
    public const string BotMessage = "bot-message";

    /// <summary>The channel is switched off (configuration or the admin API): the notification would otherwise have been sent.</summary>
    public const string ChannelDisabled = "channel-disabled";

    /// <summary>An id the conversation or message names as an agent is a user's, the bot's, or unknown after the directory wait.</summary>
    public const string NotAnAgent = "not-an-agent";

    /// <summary>An id the conversation or message names as an agent belongs to an agent who was removed.</summary>
    public const string AgentRemoved = "agent-removed";

    /// <summary>The recipient read the conversation (<c>ConversationSeen</c>) before the notification's delay window ended.</summary>
    public const string Seen = "seen";

    /// <summary>The recipient stopped the channel: turned off in their preferences, unsubscribed, or texted STOP.</summary>
    public const string OptedOut = "opted-out";

    /// <summary>The recipient muted the conversation: nothing about it reaches them, the desktop notification included.</summary>
    public const string Muted = "muted";

    /// <summary>An SMS or push fell into the recipient's quiet hours: held in the catch-up summary the event's <c>summaryId</c> names, sent when they end.</summary>
    public const string QuietHours = "quiet-hours";

    /// <summary>
    /// The recipient's current address on the channel is marked bad: an email to it hard-bounced or was reported as spam
    /// (<c>NotificationFailed.bounce</c>). Until the platform gives the participant another address; a fallback-only SMS
    /// or push then goes out at once.
    /// </summary>
    public const string AddressBounced = "address-bounced";

    /// <summary>
    /// The recipient was removed from the directory (<c>ParticipantRemoved</c>) while the notification waited: in its
    /// delay window, in quiet hours, or held for a fallback.
    /// </summary>
    public const string RecipientRemoved = "recipient-removed";

    /// <summary>A1's department has no agents: the message falls back to A3 (every agent).</summary>
    public const string DepartmentWithoutAgents = "department-without-agents";
}
