using Notifications.Contracts;
using Notifications.SharedState.Transcripts;

namespace Notifications.Email.Templates;

/// <summary>
/// The raw (unescaped, untrusted) values of the merge fields for one email. Escaping is the renderer's job,
/// per output: HTML body, text body or subject header.
/// </summary>
public sealed record MergeValues
{
    public required string RecipientName { get; init; }

    public required string SenderName { get; init; }

    /// <summary>Only http(s) URLs, else empty: a <c>javascript:</c> URL must never become a link.</summary>
    public required string SenderProfileImage { get; init; }

    public required string Message { get; init; }

    /// <summary>Attachments with http(s) URLs only.</summary>
    public required IReadOnlyList<Attachment> Attachments { get; init; }

    /// <summary>Empty for users and when <c>Email:AdminBaseUrl</c> is unset.</summary>
    public required string ConversationLink { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Digest emails: the conversation's messages since the recipient's last digest, oldest first.</summary>
    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];

    /// <summary>Grouped emails: every message of the delay window, oldest first.</summary>
    public IReadOnlyList<TranscriptEntry> Messages { get; init; } = [];
}
