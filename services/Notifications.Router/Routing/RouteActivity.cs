using System.Diagnostics;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Routing;

/// <summary>
/// The "route message" span, around every decision about a chat message: when it arrives, and again when it comes
/// back from a wait (A6's grace window, the bot's outcome, the directory wait). In one trace, an SRE sees each
/// decision with its outcome (<c>awaiting-bot</c>, <c>awaiting-directory</c>, <c>routed</c>, <c>suppressed</c>).
/// </summary>
public static class RouteActivity
{
    public static Activity? Start(MessagePosted message)
    {
        var activity = NotificationsTelemetry.ActivitySource.StartActivity("route message");
        activity?.SetTag(NotificationsTelemetry.MessageId, message.MessageId);
        activity?.SetTag(NotificationsTelemetry.ConversationId, message.ConversationId);
        return activity;
    }
}
