using Notifications.Contracts;
using Notifications.Delivery;

namespace Notifications.Email.Templates;

/// <summary>Builds the merge values of a <see cref="SendEmail"/> command.</summary>
public static class MergeValuesFactory
{
    /// <param name="adminBaseUrl"><c>Email:AdminBaseUrl</c>, validated at start-up; null or empty when unset.</param>
    public static MergeValues From(SendEmail command, string? adminBaseUrl)
    {
        var message = command.Message;
        return new MergeValues
        {
            RecipientName = command.Recipient.Name ?? "",
            SenderName = DisplayNames.SenderOf(message.Sender),
            SenderProfileImage = IsWebUrl(message.Sender?.ProfileImageUrl) ? message.Sender!.ProfileImageUrl! : "",
            Message = message.Text ?? "",
            Attachments = DisplayNames.Named(message.Attachments).Where(attachment => IsWebUrl(attachment.Url)).ToList(),
            ConversationLink = ConversationLink(command.Recipient.Role, message.ConversationId, adminBaseUrl),
            ConversationId = message.ConversationId ?? "",
        };
    }

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
