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
    /// <param name="platformTrace">A W3C <c>traceparent</c> the platform sent on a bare JSON message: the decision (and
    /// every delivery after it) continues the platform's trace, linked to the broker's receive span. MassTransit itself
    /// follows only its own <c>MT-Activity-Id</c> header, which an enveloped message carries.</param>
    public static Activity? Start(MessagePosted message, string? platformTrace = null)
    {
        var activity = platformTrace is not null && ActivityContext.TryParse(platformTrace, null, isRemote: true, out var parent)
            && parent.TraceId != Activity.Current?.TraceId
                ? NotificationsTelemetry.ActivitySource.StartActivity("route message", ActivityKind.Internal, parent,
                    links: Activity.Current is { } received ? [new ActivityLink(received.Context)] : null)
                : NotificationsTelemetry.ActivitySource.StartActivity("route message");
        activity?.SetTag(NotificationsTelemetry.MessageId, message.MessageId);
        activity?.SetTag(NotificationsTelemetry.ConversationId, message.ConversationId);
        return activity;
    }
}
