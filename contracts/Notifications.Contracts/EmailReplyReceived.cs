namespace Notifications.Contracts;

/// <summary>
/// Published when a participant answers a notification email (to its per-conversation <c>Reply-To</c> address on
/// <c>Email:ReplyDomain</c>), so the reply appears in the chat. Quoted history and signature are stripped from
/// <see cref="Text"/>. Published once per inbound message, however often the provider retries its webhook.
/// </summary>
public record EmailReplyReceived
{
    /// <summary>The participant the reply address was made for.</summary>
    public required string ParticipantId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The reply's new text, without the quoted email and the signature.</summary>
    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The <c>Message-ID</c> of the notification email answered (its <c>In-Reply-To</c>), when the mail program sent it.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>
    /// True when the reply's sender address is the address the notification was sent to. False: someone else wrote
    /// to the reply address (a forwarded email, a colleague): the platform decides whether to post it.
    /// </summary>
    public required bool SenderVerified { get; init; }

    /// <summary>The inbound email's own <c>Message-ID</c>: the key it is published once for.</summary>
    public required string InboundMessageId { get; init; }

    public IReadOnlyList<EmailReplyAttachment> Attachments { get; init; } = [];
}

/// <summary>A file attached to an email reply. Its content is carried up to <c>Email:Inbound:MaxAttachmentBytes</c>; a larger file is listed only.</summary>
public record EmailReplyAttachment
{
    public required string Name { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Size in bytes of the decoded file.</summary>
    public required long Size { get; init; }

    /// <summary>The file (base64 in JSON), or null when it was larger than the limit.</summary>
    public byte[]? Content { get; init; }
}
