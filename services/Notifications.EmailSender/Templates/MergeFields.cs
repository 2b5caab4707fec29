using System.Text.RegularExpressions;

namespace Notifications.EmailSender.Templates;

/// <summary>The merge fields a template may use: the seed's seven, and <c>{transcript}</c> in digest templates.</summary>
public static partial class MergeFields
{
    public const string RecipientName = "recipient_name";
    public const string SenderName = "sender_name";
    public const string SenderProfileImage = "sender_profile_image";
    public const string Message = "message";
    public const string Attachments = "attachments";
    public const string ConversationLink = "conversation_link";
    public const string ConversationId = "conversation_id";

    /// <summary>Digest templates only: every message since the recipient's last digest, with sender names and times.</summary>
    public const string Transcript = "transcript";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        RecipientName, SenderName, SenderProfileImage, Message, Attachments, ConversationLink, ConversationId,
    };

    /// <summary>The seven fields plus <c>{transcript}</c>, which only a digest has a value for.</summary>
    public static readonly IReadOnlySet<string> Digest = new HashSet<string>(All, StringComparer.Ordinal) { Transcript };

    public static IReadOnlySet<string> AllowedIn(TemplateKind kind) => kind == TemplateKind.Digest ? Digest : All;

    /// <summary>
    /// A field is a word in braces. Braces around anything else (CSS rules, JSON in a template) are literal text,
    /// so only identifier-like tokens count as fields and can be rejected as unknown.
    /// </summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    public static partial Regex Token();
}
