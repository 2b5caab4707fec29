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

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('%', ':') < 0 ? part : part.Replace("%", "%25").Replace(":", "%3A");
}
