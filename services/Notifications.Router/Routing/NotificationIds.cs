namespace Notifications.Router.Routing;

/// <summary>
/// The deterministic notification id of the spec: message id + recipient + channel, joined by ':'. Each part has its
/// '%' and ':' percent-escaped (<c>%25</c>, <c>%3A</c>), so an id is unambiguous whatever its parts contain
/// (<c>m1:a</c> + <c>b</c> and <c>m1</c> + <c>a:b</c> no longer give the same id). Parts without either character, all
/// ordinary ids, are unchanged, so the ids of existing ledgers and tests still match.
/// </summary>
public static class NotificationIds
{
    public static string For(string messageId, string recipientId, string channel) =>
        $"{Escape(messageId)}:{Escape(recipientId)}:{Escape(channel)}";

    /// <summary>
    /// A fallback's id: the channel's id with <c>:fallback</c> (<c>{messageId}:{recipientId}:sms:fallback</c>). It differs
    /// from the id the channel would have had beside the email, so no ledger takes it for sent, and stays deterministic, so
    /// a fallback sent twice is sent once.
    /// </summary>
    public static string FallbackFor(string messageId, string recipientId, string channel) =>
        For(messageId, recipientId, channel) + ":fallback";

    /// <summary>
    /// The id base a notification of <paramref name="messageId"/> was made from: the message id itself, or row E1's
    /// <c>{messageId}:e1</c> (<see cref="MessageRouter.EscalationIdSuffix"/>) when <paramref name="notificationId"/> is one of
    /// the escalation's. What the router kept for a notification's fallback is keyed by it, so the message's own
    /// notification and its escalation to the same agent each keep, and fall back to, their own.
    /// </summary>
    public static string IdBaseOf(string messageId, string notificationId)
    {
        var escalation = messageId + MessageRouter.EscalationIdSuffix;
        return notificationId.StartsWith(Escape(escalation) + ":", StringComparison.Ordinal) ? escalation : messageId;
    }

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('%', ':') < 0 ? part : part.Replace("%", "%25").Replace(":", "%3A");
}
