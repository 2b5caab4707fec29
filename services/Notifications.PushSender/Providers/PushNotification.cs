using System.Security.Cryptography;
using System.Text;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Recording;

namespace Notifications.PushSender.Providers;

/// <summary>What every push provider shows and carries, built once from a <see cref="SendPush"/> command.</summary>
/// <param name="Link">Opens the conversation when the notification is tapped; null when no base URL is configured for the recipient's role.</param>
public sealed record PushNotification(
    string NotificationId,
    string RecipientId,
    string ConversationId,
    string MessageId,
    string Title,
    string Body,
    string? Link = null)
{
    /// <summary>Lock screens show two or three lines; the full message is one tap away.</summary>
    public const int MaxBodyLength = 180;

    /// <summary>The shortest collapse id limit among the providers (OneSignal's <c>collapse_id</c>).</summary>
    public const int MaxGroupKeyLength = 64;

    /// <param name="adminBaseUrl"><c>Push:AdminBaseUrl</c>, the base of agents' links.</param>
    /// <param name="userBaseUrl"><c>Push:UserBaseUrl</c>, the base of users' links.</param>
    public static PushNotification From(SendPush command, string? adminBaseUrl = null, string? userBaseUrl = null) => new(
        command.NotificationId,
        command.Recipient.Id,
        command.Message.ConversationId,
        command.Message.MessageId,
        TitleOf(command),
        BodyOf(command),
        LinkOf(command.Recipient.Role, command.Message.ConversationId, adminBaseUrl, userBaseUrl));

    /// <summary>
    /// The sender's name (a missing one gets a fallback: providers refuse an empty title); for a quiet-hours catch-up
    /// summary, "While you were away".
    /// </summary>
    public static string TitleOf(SendPush command) =>
        command.Summary is not null ? CatchUpText.Heading : DisplayNames.SenderOf(GroupedText.Latest(command.Message, command.Grouped).Sender);

    /// <summary>
    /// The message; a group says how many, then shows the latest message (the one the reader will answer); a catch-up
    /// summary says what was missed: "3 new messages in 2 conversations".
    /// </summary>
    public static string BodyOf(SendPush command) => command.Summary is { } summary
        ? CatchUpText.Counts(summary)
        : NotificationText.Shorten(GroupedText.CountPrefix(command.Grouped) + GroupedText.Latest(command.Message, command.Grouped).Text.Trim(), MaxBodyLength);

    /// <summary><c>{base}/conversations/{id}</c>, with the base of the recipient's role (agents open the admin console).</summary>
    public static string? LinkOf(string? recipientRole, string conversationId, string? adminBaseUrl, string? userBaseUrl)
    {
        var baseUrl = recipientRole == ParticipantRoles.Agent ? adminBaseUrl : userBaseUrl;
        return string.IsNullOrWhiteSpace(baseUrl)
            ? null
            : $"{baseUrl.TrimEnd('/')}/conversations/{Uri.EscapeDataString(conversationId)}";
    }

    /// <summary>One key per conversation, so a burst of messages shows as one notification that the newest replaces.</summary>
    public string GroupKey => GroupKeyOf(ConversationId);

    /// <summary>The conversation id when it fits every provider's limit, otherwise a stable hash of it.</summary>
    public static string GroupKeyOf(string conversationId)
    {
        var key = "conversation-" + conversationId;
        return key.Length <= MaxGroupKeyLength
            ? key
            : "conversation-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..40];
    }

    /// <summary>The app opens the conversation from these; all strings so every platform's SDK reads them alike.</summary>
    public IReadOnlyDictionary<string, string> Data
    {
        get
        {
            var data = new Dictionary<string, string>
            {
                ["conversationId"] = ConversationId,
                ["messageId"] = MessageId,
                ["notificationId"] = NotificationId,
            };
            if (Link is not null)
                data["link"] = Link;
            return data;
        }
    }
}
