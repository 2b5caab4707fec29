using System.Diagnostics;
using Notifications.Delivery.Telemetry;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Delivery.Providers;

/// <summary>
/// Times one provider call: a client span (for example <c>smtp send</c>) as a child of the delivery span,
/// the <c>notifications.provider.duration</c> histogram, and the provider's name for the delivery's
/// failure metric. Dispose it when the call ends; call <see cref="Succeeded"/> before when it worked.
/// </summary>
public sealed class ProviderCall : IDisposable
{
    private readonly string provider;
    private readonly long started = Stopwatch.GetTimestamp();
    private bool succeeded;

    public Activity? Activity { get; }

    private ProviderCall(string provider, Activity? activity)
    {
        this.provider = provider;
        Activity = activity;
        ProviderAttribution.Record(provider);
    }

    /// <param name="provider">The provider's name, as in <c>NotificationDelivered.Provider</c>.</param>
    /// <param name="spanName">The span's name; null starts no span (an HTTP client span already covers the call).</param>
    /// <param name="notificationId">Tagged on the span so a search by notification id finds it too.</param>
    public static ProviderCall Start(string provider, string? spanName, string? notificationId = null)
    {
        Activity? activity = null;
        if (spanName is not null)
        {
            activity = NotificationsTelemetry.ActivitySource.StartActivity(spanName, ActivityKind.Client);
            activity?.SetTag(NotificationsTelemetry.Provider, provider);
            if (notificationId is not null)
                activity?.SetTag(NotificationsTelemetry.NotificationId, notificationId);
        }
        return new ProviderCall(provider, activity);
    }

    public void Succeeded() => succeeded = true;

    public void Dispose()
    {
        var outcome = succeeded ? "accepted" : "failed";
        NotificationsMetrics.ProviderDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new(NotificationsTelemetry.Provider, provider), new(NotificationsTelemetry.Outcome, outcome));
        if (Activity is not null)
        {
            Activity.SetTag(NotificationsTelemetry.Outcome, outcome);
            if (!succeeded)
                Activity.SetStatus(ActivityStatusCode.Error);
            Activity.Dispose();
        }
    }
}
