using System.Diagnostics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Delivery;

/// <summary>How a provider call's span shows its outcome, alike for one notification and for a batch.</summary>
internal static class DeliverySpan
{
    public static void Delivered(Activity? activity, string provider)
    {
        activity?.SetTag(NotificationsTelemetry.Outcome, "delivered");
        activity?.SetTag(NotificationsTelemetry.Provider, provider);
    }

    /// <param name="reason">Already redacted: the status is exported with the trace.</param>
    public static void Failed(Activity? activity, bool permanent, string? provider, string reason)
    {
        activity?.SetTag(NotificationsTelemetry.Outcome, permanent ? "failed-permanent" : "failed-transient");
        if (provider is not null)
            activity?.SetTag(NotificationsTelemetry.Provider, provider);
        activity?.SetStatus(ActivityStatusCode.Error, reason);
    }
}
