using System.Text.RegularExpressions;

namespace Notifications.Email.Templates;

/// <summary>The merge fields a template may use: the seed's seven, <c>{transcript}</c> in digest templates, <c>{messages}</c> and <c>{message_count}</c> in grouped ones.</summary>
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

    /// <summary>Grouped templates only: every message of the delay window, with sender names, times and attachments.</summary>
    public const string Messages = "messages";

    /// <summary>Grouped templates only: how many messages the email lists.</summary>
    public const string MessageCount = "message_count";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        RecipientName, SenderName, SenderProfileImage, Message, Attachments, ConversationLink, ConversationId,
    };

    /// <summary>The seven fields plus <c>{transcript}</c>, which only a digest has a value for.</summary>
    public static readonly IReadOnlySet<string> Digest = new HashSet<string>(All, StringComparer.Ordinal) { Transcript };

    /// <summary>The seven fields plus <c>{messages}</c> and <c>{message_count}</c>, which only a grouped email has values for.</summary>
    public static readonly IReadOnlySet<string> Grouped = new HashSet<string>(All, StringComparer.Ordinal) { Messages, MessageCount };

    public static IReadOnlySet<string> AllowedIn(TemplateKind kind) => kind switch
    {
        TemplateKind.Digest => Digest,
        TemplateKind.Grouped => Grouped,
        _ => All,
    };

    /// <summary>The kind a field belongs to when only one kind knows it (for the error that says so), else null.</summary>
    public static TemplateKind? OnlyKnownIn(string field) => field switch
    {
        Transcript => TemplateKind.Digest,
        Messages or MessageCount => TemplateKind.Grouped,
        _ => null,
    };

    /// <summary>
    /// A field as the renderer replaces it: a name in braces, exactly as listed (<c>{sender_name}</c>). Every such
    /// token is also a <see cref="Candidate"/>, so a template that passed validation renders without surprises.
    /// </summary>
    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    public static partial Regex Token();

    /// <summary>
    /// What an operator meant as a field: braces around a name that starts with a letter and holds only letters,
    /// digits, <c>_</c>, <c>-</c> and spaces (<c>{sender-name}</c>, <c>{ sender_name }</c>). Such a token must be
    /// a known field written exactly, else the template is refused, so a typo is never mailed out literally.
    /// Braces around anything else (CSS such as <c>{ color: red; }</c>, JSON, <c>{0}</c>) stay literal text.
    /// </summary>
    [GeneratedRegex(@"\{[ \t]*[A-Za-z][A-Za-z0-9_\- \t]*\}", RegexOptions.CultureInvariant)]
    public static partial Regex Candidate();
}
