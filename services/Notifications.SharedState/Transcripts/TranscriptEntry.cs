using Notifications.Contracts;

namespace Notifications.SharedState.Transcripts;

/// <summary>
/// One chat message as kept in a conversation's transcript: written by the router from <c>MessagePosted</c>,
/// read by the email sender for digest emails. Stored as JSON (camelCase) in <see cref="TranscriptKeys"/>.
/// </summary>
public sealed record TranscriptEntry
{
    public required string MessageId { get; init; }

    public required string SenderId { get; init; }

    public required string SenderName { get; init; }

    public required string SenderRole { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public required DateTimeOffset PostedAt { get; init; }
}
