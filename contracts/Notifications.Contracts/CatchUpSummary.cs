namespace Notifications.Contracts;

/// <summary>
/// What a catch-up summary answers for: the notifications a recipient's quiet hours held on one channel, sent as one
/// command when they end. The sender says it in its own words ("3 new messages in 2 conversations").
/// </summary>
public record CatchUpSummary
{
    /// <summary>How many messages were held (at least 1).</summary>
    public required int Messages { get; init; }

    /// <summary>In how many conversations (at least 1).</summary>
    public required int Conversations { get; init; }

    /// <summary>When the earliest held message was posted.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When the quiet hours ended.</summary>
    public required DateTimeOffset Until { get; init; }
}
