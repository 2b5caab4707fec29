using System.Diagnostics.Metrics;
using Notifications.Delivery;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Delivery.Telemetry;

/// <summary>
/// The instruments every service shares on the <c>Notifications</c> meter. Names follow OpenTelemetry's
/// dotted style; the collector's Prometheus exporter turns them into <c>notifications_delivery_latency_seconds</c>
/// and the like (see docs/operations.md). The outcome instruments (sent, failed, suppressed, delivery latency) are
/// counted only by <c>DeliveryOutcomes</c>, as it counts each outcome it publishes, whoever decided it: hence
/// internal. The router's own counters live beside the code that counts them, on the same meter.
/// </summary>
public static class NotificationsMetrics
{
    private static readonly Counter<long> Sent = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.sent", description: "Notifications a provider accepted");

    private static readonly Counter<long> Failed = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.failed", description: "Notifications that could not be sent");

    private static readonly Counter<long> Suppressed = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.suppressed", description: "Notifications decided not to send (routing rules, or an email its recipient read first)");

    /// <summary>Counts a notification a provider accepted on <c>notifications.sent</c>; also each notification a digest email answers for.</summary>
    internal static void CountSent(string channel, string provider) =>
        Sent.Add(1, new(NotificationsTelemetry.Channel, channel), new(NotificationsTelemetry.Provider, provider));

    /// <summary>Counts a failure on <c>notifications.failed</c>; also for failures learnt later (a provider's status callback) and digest emails.</summary>
    internal static void CountFailed(string channel, string? provider, bool permanent) =>
        Failed.Add(1, new(NotificationsTelemetry.Channel, channel), new(NotificationsTelemetry.Provider, provider ?? "none"), new("permanent", permanent));

    /// <summary>Counts a notification not sent by decision (the router's rules, an email dropped because its recipient read it); called by <c>DeliveryOutcomes.SuppressedAsync</c>.</summary>
    internal static void CountSuppressed(string channel, string reason) =>
        Suppressed.Add(1, new(NotificationsTelemetry.Channel, channel), new(NotificationsTelemetry.SuppressionReason, reason));

    /// <summary>From the chat message's <c>postedAt</c> to the provider accepting the notification.</summary>
    private static readonly Histogram<double> DeliveryLatency = NotificationsTelemetry.Meter.CreateHistogram(
        "notifications.delivery.latency", unit: "s",
        description: "Time from the chat message being posted to the provider accepting the notification",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
        });

    /// <summary>Records <paramref name="latency"/> on <c>notifications.delivery.latency</c>.</summary>
    internal static void RecordDeliveryLatency(string channel, string provider, TimeSpan latency) =>
        // postedAt comes from the platform's clock: a skewed clock must not record a negative latency.
        DeliveryLatency.Record(Math.Max(0, latency.TotalSeconds), new(NotificationsTelemetry.Channel, channel), new(NotificationsTelemetry.Provider, provider));

    /// <summary>One call to a provider (SMTP send, Twilio, OneSignal, Pusher Beams, pickup/record folders).</summary>
    public static readonly Histogram<double> ProviderDuration = NotificationsTelemetry.Meter.CreateHistogram(
        "notifications.provider.duration", unit: "s",
        description: "Duration of one provider call, by provider and outcome",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    /// <summary>Sends that had to wait for a provider's shared rate limit (or a Retry-After pause), by provider and
    /// <see cref="RateLimitReason"/>: <c>limit</c> (the per-second limit was reached) or <c>retry_after</c> (a pause held).</summary>
    public static readonly Counter<long> RateLimitWaits = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.rate_limit.waits", unit: "{wait}", description: "Sends that waited for a provider's shared rate limit");

    /// <summary>What a send waited for: <c>limit</c> or <c>retry_after</c>.</summary>
    public const string RateLimitReason = "notification.rate_limit.reason";

    /// <summary>Pauses a provider imposed with Retry-After (on a 429 or a 5xx), each holding every instance's sends to it, by provider.</summary>
    public static readonly Counter<long> RateLimitPauses = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.rate_limit.pauses", unit: "{pause}", description: "Retry-After pauses a provider imposed on every instance");

    /// <summary>How long a send waited for its provider slot.</summary>
    public static readonly Histogram<double> RateLimitWaitDuration = NotificationsTelemetry.Meter.CreateHistogram(
        "notifications.rate_limit.wait_duration", unit: "s", description: "Time a send waited for its provider slot",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static long digestPending;

    /// <summary>Notifications waiting for the next digest, as last counted by this instance (enqueues and flushes).</summary>
    public static readonly ObservableGauge<long> DigestPending = NotificationsTelemetry.Meter.CreateObservableGauge(
        "notifications.digest.pending", () => Interlocked.Read(ref digestPending), unit: "{entry}",
        description: "Digest entries (recipient and conversation) waiting for the next flush");

    public static void DigestQueued() => Interlocked.Increment(ref digestPending);

    public static void DigestCounted(long pending) => Interlocked.Exchange(ref digestPending, pending);
}
