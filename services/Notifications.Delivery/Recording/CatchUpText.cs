using Notifications.Contracts;

namespace Notifications.Delivery.Recording;

/// <summary>
/// The counts of a quiet-hours catch-up summary as every sender words them: "3 new messages in 2 conversations".
/// Each sender puts them in its own sentence (an SMS line, a push title and body, an email).
/// </summary>
public static class CatchUpText
{
    /// <summary>Who a summary reads as from, where a sender shows one (a push title, an email subject).</summary>
    public const string Heading = "While you were away";

    public static string Counts(CatchUpSummary summary)
    {
        var messages = Math.Max(summary.Messages, 1);
        var conversations = Math.Max(summary.Conversations, 1);
        return $"{messages} new {(messages == 1 ? "message" : "messages")} in {conversations} {(conversations == 1 ? "conversation" : "conversations")}";
    }
}
