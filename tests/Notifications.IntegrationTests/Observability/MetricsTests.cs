using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Telemetry;
using OpenTelemetry.Metrics;
using static Notifications.IntegrationTests.Observability.ObservedPipelineFixture;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// The <c>Notifications</c> meter, read from the services' own OpenTelemetry metrics pipeline (the one OTLP
/// exports), after a known scenario: the numbers are differences, so earlier tests' traffic does not count.
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MetricsTests(ObservedPipelineFixture pipeline)
{
    private const string Channel = NotificationsTelemetry.Channel;
    private const string Provider = NotificationsTelemetry.Provider;

    [Fact]
    public async Task KnownScenario_CountsConsumedRoutedSuppressedAndSent_AndRecordsLatencyAndProviderDurations()
    {
        var before = pipeline.CollectMetrics();

        // A1: emails to both sales agents, SMS and push to the offline one.
        await pipeline.Platform.Publish(Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true));
        // U1 then U2: the offline user is emailed about the first reply, and the second is suppressed.
        var conversation = new ConversationInfo { UserId = User, LastAgentId = OfflineAgent };
        await pipeline.Platform.Publish(Message(OfflineAgent, ParticipantRoles.Agent, conversation, first: false));
        await Eventually.TrueAsync(() => Delta(before, pipeline.CollectMetrics(), "notifications.sent", (Channel, Channels.Email)) >= 3, "three emails sent");
        await pipeline.Platform.Publish(Message(OfflineAgent, ParticipantRoles.Agent, conversation, first: false));
        await Eventually.TrueAsync(() => Delta(before, pipeline.CollectMetrics(), "notifications.suppressed",
            (NotificationsTelemetry.SuppressionReason, "already-notified-this-session")) >= 1, "the second reply's suppression");
        await Eventually.TrueAsync(() =>
        {
            var now = pipeline.CollectMetrics();
            return Delta(before, now, "notifications.sent", (Channel, Channels.Sms)) >= 1 && Delta(before, now, "notifications.sent", (Channel, Channels.Push)) >= 1
                && Delta(before, now, "notifications.events.consumed", (ConsumeMetricsObserver.MessageType, nameof(MessagePosted))) >= 3;
        }, "the SMS and the push sent, the three messages consumed");
        var after = pipeline.CollectMetrics();

        Assert.Equal(3, Delta(before, after, "notifications.events.consumed", (ConsumeMetricsObserver.MessageType, nameof(MessagePosted)), (NotificationsTelemetry.Outcome, "consumed")));
        Assert.Equal(3, Delta(before, after, "notifications.events.consumed", (ConsumeMetricsObserver.MessageType, nameof(SendEmail)), (NotificationsTelemetry.Outcome, "consumed")));

        Assert.Equal(2, Delta(before, after, "notifications.routed", (Channel, Channels.Email), (NotificationsTelemetry.Rule, "A1")));
        Assert.Equal(1, Delta(before, after, "notifications.routed", (Channel, Channels.Sms), (NotificationsTelemetry.Rule, "A1")));
        Assert.Equal(1, Delta(before, after, "notifications.routed", (Channel, Channels.Push), (NotificationsTelemetry.Rule, "A1")));
        Assert.Equal(1, Delta(before, after, "notifications.routed", (Channel, Channels.Email), (NotificationsTelemetry.Rule, "U1")));
        Assert.Equal(1, Delta(before, after, "notifications.suppressed", (Channel, Channels.Email), (NotificationsTelemetry.SuppressionReason, "already-notified-this-session")));

        Assert.Equal(3, Delta(before, after, "notifications.sent", (Channel, Channels.Email), (Provider, "smtp")));
        Assert.True(Delta(before, after, "notifications.sent", (Channel, Channels.Sms), (Provider, "twilio")) >= 1);
        Assert.Equal(1, Delta(before, after, "notifications.sent", (Channel, Channels.Push), (Provider, "onesignal")));
        Assert.Equal(0, Delta(before, after, "notifications.failed"));

        // Histograms: one latency per sent notification, one provider duration per provider call.
        Assert.Equal(3, Delta(before, after, "notifications.delivery.latency", (Channel, Channels.Email), (Provider, "smtp")));
        Assert.Equal(1, Delta(before, after, "notifications.delivery.latency", (Channel, Channels.Push)));
        Assert.True(HistogramSum(after, "notifications.delivery.latency") > 0);
        Assert.Equal(3, Delta(before, after, "notifications.provider.duration", (Provider, "smtp"), (NotificationsTelemetry.Outcome, "accepted")));
        Assert.True(Delta(before, after, "notifications.provider.duration", (Provider, "twilio"), (NotificationsTelemetry.Outcome, "accepted")) >= 1);
        Assert.Equal(1, Delta(before, after, "notifications.provider.duration", (Provider, "onesignal"), (NotificationsTelemetry.Outcome, "accepted")));
        Assert.Equal("s", Assert.Single(after, m => m.Name == "notifications.delivery.latency").Unit);
    }

    [Fact]
    public async Task MessageNamingAParticipantNotStoredYet_CountsOneDirectoryWait_ThenItsSuppression()
    {
        var before = pipeline.CollectMetrics();
        var unknownUser = "user-never-stored-" + Guid.NewGuid().ToString("N")[..8];

        await pipeline.Platform.Publish(Message(OfflineAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = unknownUser, LastAgentId = OfflineAgent }, first: false));

        await Eventually.TrueAsync(() => Delta(before, pipeline.CollectMetrics(), "notifications.router.waits", (NotificationsTelemetry.Wait, "directory")) >= 1,
            "the router's directory wait to be counted");
        await Eventually.TrueAsync(() => Delta(before, pipeline.CollectMetrics(), "notifications.suppressed",
            (NotificationsTelemetry.SuppressionReason, "unknown-recipient")) >= 1, "the unknown-recipient suppression after the wait");
        Assert.Equal(1, Delta(before, pipeline.CollectMetrics(), "notifications.router.waits", (NotificationsTelemetry.Wait, "directory")));
    }

    /// <summary>How much a counter (sum) or histogram (count) grew between two exports, over the points with these tags.</summary>
    private static long Delta(IReadOnlyList<MetricSnapshot> before, IReadOnlyList<MetricSnapshot> after, string name, params (string Key, object Value)[] tags) =>
        Total(after, name, tags) - Total(before, name, tags);

    private static long Total(IReadOnlyList<MetricSnapshot> metrics, string name, (string Key, object Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.Type == MetricType.Histogram ? p.Point.GetHistogramCount() : p.Point.GetSumLong());

    private static double HistogramSum(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        Points(metrics, name, []).Sum(p => p.Point.GetHistogramSum());

    private static IEnumerable<(MetricType Type, MetricPoint Point)> Points(IReadOnlyList<MetricSnapshot> metrics, string name, (string Key, object Value)[] tags)
    {
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                    pointTags[tag.Key] = tag.Value;
                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value.ToString())))
                    yield return (metric.MetricType, point);
            }
        }
    }
}
