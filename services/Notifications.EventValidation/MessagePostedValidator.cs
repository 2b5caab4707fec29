using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>Checks a <c>MessagePosted</c> before routing; the reason names the field that is wrong.</summary>
/// <param name="options">The limits on text and attachments (<c>Routing:*</c>), which the reasons name.</param>
public sealed class MessagePostedValidator(MessageLimits options) : IMessageValidator<MessagePosted>
{
    /// <summary>Ids become parts of Redis keys, notification ids and file names: keep them short and printable (<see cref="IdValidator"/>).</summary>
    public const int MaxIdLength = IdValidator.MaxIdLength;

    /// <summary>An attachment's file name, shown in the email: a file system's limit.</summary>
    public const int MaxAttachmentNameLength = 255;

    /// <summary>More agents than any note names; a bound so one message cannot fan out to the whole help desk by mistake.</summary>
    public const int MaxMentions = 50;

    public string? Problem(MessagePosted message) =>
        FieldProblem(message) is { } problem ? $"Invalid MessagePosted {IdValidator.Shown(message.MessageId)}: {problem}" : null;

    private string? FieldProblem(MessagePosted message)
    {
        if (IdProblem(message.MessageId, "messageId") is { } messageId)
            return messageId;
        if (IdValidator.Problem(message.ConversationId, "conversationId", allowColon: true) is { } conversationId)
            return conversationId;
        if (message.Sender is null)
            return "sender is required.";
        if (IdProblem(message.Sender.Id, "sender.id") is { } senderId)
            return senderId;
        if (IdValidator.NameProblem(message.Sender.Name, "sender.name") is { } senderName)
            return senderName;
        if (message.Sender.Role is not (ParticipantRoles.User or ParticipantRoles.Agent or ParticipantRoles.Bot))
            return $"sender.role must be \"user\", \"agent\" or \"bot\", not \"{message.Sender.Role}\".";
        if (message.Text is null)
            return "text is required.";
        if (message.Text.Length > options.MaxMessageLength)
            return $"text is {message.Text.Length} characters long; at most {options.MaxMessageLength} are accepted (Routing:MaxMessageLength).";
        if (message.PostedAt == default)
            return "postedAt is required (ISO-8601 with offset).";
        if (message.Conversation is null)
            return "conversation is required.";
        if (IdProblem(message.Conversation.UserId, "conversation.userId") is { } userId)
            return userId;
        foreach (var (id, field) in new[]
                 {
                     (message.Conversation.DepartmentId, "conversation.departmentId"),
                     (message.Conversation.AssignedAgentId, "conversation.assignedAgentId"),
                     (message.Conversation.LastAgentId, "conversation.lastAgentId"),
                 })
        {
            // Optional, but when present a real id: an empty one would route differently from an absent one.
            if (id is not null && IdProblem(id, field) is { } problem)
                return problem;
        }
        if (message.Visibility is not (null or MessageVisibility.Public or MessageVisibility.Internal))
            return $"visibility must be \"public\" or \"internal\", not \"{message.Visibility}\".";
        if (message.Visibility == MessageVisibility.Internal && message.Sender.Role == ParticipantRoles.User)
            return "visibility \"internal\" is for agents' notes; a user's message is always public.";
        var mentions = message.Mentions ?? [];
        if (mentions.Count > MaxMentions)
            return $"mentions has {mentions.Count} entries; at most {MaxMentions} are accepted.";
        foreach (var mention in mentions)
        {
            if (IdProblem(mention, "mentions[]") is { } problem)
                return problem;
        }
        var attachments = message.Attachments ?? [];
        if (attachments.Count > options.MaxAttachments)
            return $"attachments has {attachments.Count} entries; at most {options.MaxAttachments} are accepted (Routing:MaxAttachments).";
        foreach (var attachment in attachments)
        {
            if (attachment is null || string.IsNullOrWhiteSpace(attachment.Url)
                || !Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                return "attachments[].url must be an absolute http(s) URL.";
            if (IdValidator.NameProblem(attachment.Name, "attachments[].name", MaxAttachmentNameLength) is { } name)
                return name;
        }
        return null;
    }

    private static string? IdProblem(string? id, string field) => IdValidator.Problem(id, field);
}
