using System.Text.RegularExpressions;

namespace Notifications.Email.Templates;

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
