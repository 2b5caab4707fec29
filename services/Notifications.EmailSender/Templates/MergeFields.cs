using System.Text.RegularExpressions;

namespace Notifications.EmailSender.Templates;

/// <summary>The merge fields a template may use (the seed's list; nothing else is accepted).</summary>
public static partial class MergeFields
{
    public const string RecipientName = "recipient_name";
    public const string SenderName = "sender_name";
    public const string SenderProfileImage = "sender_profile_image";
    public const string Message = "message";
    public const string Attachments = "attachments";
    public const string ConversationLink = "conversation_link";
    public const string ConversationId = "conversation_id";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        RecipientName, SenderName, SenderProfileImage, Message, Attachments, ConversationLink, ConversationId,
    };

    /// <summary>
    /// A field is a word in braces. Braces around anything else (CSS rules, JSON in a template) are literal text,
    /// so only identifier-like tokens count as fields and can be rejected as unknown.
    /// </summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    public static partial Regex Token();
}
