using Notifications.Contracts;

namespace Notifications.Router.Escalation;

/// <summary>
/// The router's note to itself that a conversation's unanswered stretch may be due for escalation (row E1): sent
/// through the delay ladder by the stretch's first user message, back on the router's queue after
/// <c>Routing:EscalateAfterSeconds</c>. Internal to the router: not part of the contracts.
/// </summary>
public sealed record EscalationDue
{
    public required string ConversationId { get; init; }

    /// <summary>The message that started the timer: the stretch is still unanswered only while the key holds it.</summary>
    public required string MessageId { get; init; }

    /// <summary>The message itself, decided again for the next tier when the note comes back.</summary>
    public required MessagePosted Message { get; init; }
}
