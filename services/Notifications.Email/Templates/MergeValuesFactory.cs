using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.SharedState.Transcripts;

namespace Notifications.Email.Templates;

/// <summary>Builds the merge values of a <see cref="SendEmail"/> command.</summary>
public static class MergeValuesFactory
{
    /// <param name="adminBaseUrl"><c>Email:AdminBaseUrl</c>, validated at start-up; null or empty when unset.</param>
    /// <remarks>A grouped command's <c>{sender_name}</c>, <c>{message}</c> and <c>{attachments}</c> are those of its latest
    /// message, and <c>{messages}</c> lists them all, oldest first.</remarks>
    public static MergeValues From(SendEmail command, string? adminBaseUrl)
    {
        var messages = MessagesOf(command);
        var message = messages[^1];
        return new MergeValues
        {
            RecipientName = command.Recipient.Name ?? "",
            SenderName = DisplayNames.SenderOf(message.Sender),
            SenderProfileImage = IsWebUrl(message.Sender?.ProfileImageUrl) ? message.Sender!.ProfileImageUrl! : "",
            Message = message.Text ?? "",
            Attachments = DisplayNames.Named(message.Attachments).Where(attachment => IsWebUrl(attachment.Url)).ToList(),
            ConversationLink = ConversationLink(command.Recipient.Role, message.ConversationId, adminBaseUrl),
            ConversationId = message.ConversationId ?? "",
            Messages = command.Grouped.Count == 0 ? [] : messages.Select(Entry).ToList(),
        };
    }

    /// <summary>The command's messages, oldest first: its own, then the grouped ones.</summary>
    public static IReadOnlyList<NotifiedMessage> MessagesOf(SendEmail command) =>
        [command.Message, .. command.Grouped.Select(grouped => grouped.Message)];

    private static TranscriptEntry Entry(NotifiedMessage message) => new()
    {
        MessageId = message.MessageId,
        SenderId = message.Sender?.Id ?? "",
        SenderName = message.Sender?.Name ?? "",
        SenderRole = message.Sender?.Role ?? "",
        Text = message.Text ?? "",
        Attachments = message.Attachments ?? [],
        PostedAt = message.PostedAt,
    };

    /// <summary>The admin console link: agents only, since users have no access to the admin console.</summary>
    public static string ConversationLink(string? recipientRole, string? conversationId, string? adminBaseUrl)
    {
        if (recipientRole != ParticipantRoles.Agent || string.IsNullOrWhiteSpace(adminBaseUrl) || string.IsNullOrEmpty(conversationId))
            return "";
        return $"{adminBaseUrl.TrimEnd('/')}/conversations/{Uri.EscapeDataString(conversationId)}";
    }

    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
