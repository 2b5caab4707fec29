using Notifications.SharedState.DeliveryLog;

namespace Notifications.Admin.AdminConsole.Thread;

/// <summary>
/// One delivery log entry as a conversation's thread shows it: what kind of event it is (a notification, a bounce or
/// other later report, a fallback, an escalation, a quiet-hours summary, a reply) beside its outcome.
/// </summary>
public sealed record ThreadRow(DeliveryLogEntry Entry)
{
    public const string Notification = "notification";
    public const string Reply = "reply";
    public const string Bounce = "bounce";
    public const string FollowUp = "follow-up";
    public const string Fallback = "fallback";
    public const string Escalation = "escalation";
    public const string QuietHours = "quiet hours";

    /// <summary>
    /// Row E1's notification ids are made from the message id with <c>:e1</c>, escaped as every id part is
    /// (<c>{messageId}%3Ae1:{recipientId}:{channel}</c>, the router's <c>NotificationIds</c>); its fallbacks keep that start.
    /// </summary>
    public bool IsEscalation => Entry.MessageId.Length > 0
        && Entry.NotificationId.StartsWith(Escape(Entry.MessageId) + "%3Ae1:", StringComparison.Ordinal);

    /// <summary>What the entry is, most telling first; a notification that is none of the others is just that.</summary>
    public IReadOnlyList<string> Kinds
    {
        get
        {
            if (Entry.Outcome == DeliveryLogEntry.Replied)
                return [Reply];
            var kinds = new List<string>();
            if (Entry.FollowUp)
                kinds.Add(Entry.Bounce is null ? FollowUp : Bounce);
            if (IsEscalation)
                kinds.Add(Escalation);
            if (Entry.FallbackOf is not null)
                kinds.Add(Fallback);
            if (Entry.SummaryId is not null)
                kinds.Add(QuietHours);
            return kinds.Count == 0 ? [Notification] : kinds;
        }
    }

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('%', ':') < 0 ? part : part.Replace("%", "%25").Replace(":", "%3A");
}
