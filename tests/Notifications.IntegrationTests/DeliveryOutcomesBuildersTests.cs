using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.DeliveryLog;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Notifications.IntegrationTests;

/// <summary>
/// The builders of <see cref="DeliveryOutcomes"/>, the one place outcomes are made: each builds its event from the
/// <see cref="OutcomeSubject"/>, publishes it once, appends it to the delivery log once and counts it once on its
/// instrument (a confirmation not at all), on the real broker and Redis. Each test's outcomes carry a channel no
/// other test uses, so the shared instruments are read for this test's measurements only.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryOutcomesBuildersTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes published = new();
    private readonly string conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string channel = "test-channel-" + Guid.NewGuid().ToString("N")[..8];
    private DeliveryLogStore log = null!;
    private DeliveryOutcomes outcomes = null!;
    private ChannelMeasurements measured = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        await infrastructure.StartPlatformBusAsync(published);
        var keys = new RedisKeys(MsOptions.Create(new RedisOptions { KeyPrefix = infrastructure.KeyPrefix }));
        log = new DeliveryLogStore(infrastructure.Redis, keys, MsOptions.Create(new DeliveryLogOptions()));
        outcomes = new DeliveryOutcomes(log, TimeProvider.System, NullLogger<DeliveryOutcomes>.Instance);
        measured = new ChannelMeasurements(channel);
    }

    [Fact]
    public async Task Delivered_IsPublishedAndLoggedOnce_CountedOnceAsSent_AndItsLatencyFromWhenTheMessageWasPosted()
    {
        var subject = Subject("agent-sam");
        var before = DateTimeOffset.UtcNow;

        await outcomes.DeliveredAsync(infrastructure.Platform, subject, "test-provider", postedAt: before.AddSeconds(-30));

        var delivered = await SinglePublishedAsync(published.Delivered, subject.NotificationId);
        Assert.Equal(Expected(subject) with { Provider = "test-provider", DeliveredAt = delivered.DeliveredAt }, delivered);
        Assert.Equal(DeliveryStatuses.Accepted, delivered.Status);
        Assert.InRange(delivered.DeliveredAt, before, DateTimeOffset.UtcNow);
        var entry = await SingleLoggedAsync(subject.NotificationId);
        Assert.Equal((DeliveryLogEntry.Delivered, "test-provider", delivered.DeliveredAt), (entry.Outcome, entry.Detail, entry.At));

        var sent = Assert.Single(measured.Of("notifications.sent"));
        Assert.Equal(1, sent.Value);
        Assert.Equal("test-provider", sent.Tags[NotificationsTelemetry.Provider]);
        var latency = Assert.Single(measured.Of("notifications.delivery.latency"));
        Assert.InRange(latency.Value, 30, 60);
        Assert.Equal("test-provider", latency.Tags[NotificationsTelemetry.Provider]);
        Assert.Equal(2, measured.Instruments.Count);
    }

    [Fact]
    public async Task Delivered_WithoutWhenItWasPosted_IsCountedAsSent_ButRecordsNoLatency()
    {
        var subject = Subject("agent-pat");

        await outcomes.DeliveredAsync(infrastructure.Platform, subject, "digest");

        await SinglePublishedAsync(published.Delivered, subject.NotificationId);
        await SingleLoggedAsync(subject.NotificationId);
        Assert.Equal(["notifications.sent"], measured.Instruments);
    }

    [Fact]
    public async Task AMessagePostedLaterThanItWasAccepted_RecordsZeroLatency()
    {
        // The platform's clock may run ahead of ours: a negative latency would corrupt the histogram.
        await outcomes.DeliveredAsync(infrastructure.Platform, Subject("agent-kim"), "test-provider", postedAt: DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(0, Assert.Single(measured.Of("notifications.delivery.latency")).Value);
    }

    [Fact]
    public async Task AConfirmedDelivery_IsPublishedAndLoggedAsDelivered_ButNotCountedAgain()
    {
        var subject = Subject("agent-leo");

        await outcomes.ConfirmedDeliveredAsync(infrastructure.Platform, subject, "test-provider");

        var delivered = await SinglePublishedAsync(published.Delivered, subject.NotificationId);
        Assert.Equal(Expected(subject) with { Provider = "test-provider", DeliveredAt = delivered.DeliveredAt, Status = DeliveryStatuses.Delivered }, delivered);
        Assert.Equal(DeliveryLogEntry.Delivered, (await SingleLoggedAsync(subject.NotificationId)).Outcome);
        Assert.Empty(measured.Instruments);
    }

    [Theory]
    [InlineData(true, "test-provider")]
    [InlineData(false, null)]
    public async Task Failed_IsPublishedAndLoggedOnce_AndCountedOnceWithItsProviderOrNone(bool permanent, string? provider)
    {
        var subject = Subject("agent-una");
        var before = DateTimeOffset.UtcNow;

        await outcomes.FailedAsync(infrastructure.Platform, subject, "The mailbox does not exist", permanent, provider);

        var failed = await SinglePublishedAsync(published.Failed, subject.NotificationId);
        Assert.Equal(new NotificationFailed
        {
            NotificationId = subject.NotificationId, Channel = channel, RecipientId = subject.RecipientId, ConversationId = conversationId,
            MessageId = subject.MessageId, Reason = "The mailbox does not exist", Permanent = permanent, FailedAt = failed.FailedAt,
        }, failed);
        Assert.InRange(failed.FailedAt, before, DateTimeOffset.UtcNow);
        var entry = await SingleLoggedAsync(subject.NotificationId);
        Assert.Equal((DeliveryLogEntry.Failed, "The mailbox does not exist", permanent ? "permanent" : "transient"), (entry.Outcome, entry.Detail, entry.Note));

        var counted = Assert.Single(measured.Of("notifications.failed"));
        Assert.Equal(1, counted.Value);
        Assert.Equal(provider ?? "none", counted.Tags[NotificationsTelemetry.Provider]);
        Assert.Equal(permanent, counted.Tags["permanent"]);
        Assert.Equal(["notifications.failed"], measured.Instruments);
    }

    [Fact]
    public async Task Suppressed_IsPublishedWithItsReasonAndRule_LoggedOnce_AndCountedOnce()
    {
        var subject = Subject("agent-vic");

        await outcomes.SuppressedAsync(infrastructure.Platform, subject, "recipient-online", "A1");

        var suppressed = await SinglePublishedAsync(published.Suppressed, subject.NotificationId);
        Assert.Equal(new NotificationSuppressed
        {
            NotificationId = subject.NotificationId, Channel = channel, RecipientId = subject.RecipientId, ConversationId = conversationId,
            MessageId = subject.MessageId, Reason = "recipient-online", Rule = "A1",
        }, suppressed);
        var entry = await SingleLoggedAsync(subject.NotificationId);
        Assert.Equal((DeliveryLogEntry.Suppressed, "recipient-online", "A1"), (entry.Outcome, entry.Detail, entry.Note));

        var counted = Assert.Single(measured.Of("notifications.suppressed"));
        Assert.Equal(1, counted.Value);
        Assert.Equal("recipient-online", counted.Tags[NotificationsTelemetry.SuppressionReason]);
        Assert.Equal(["notifications.suppressed"], measured.Instruments);
    }

    private OutcomeSubject Subject(string recipientId) =>
        new($"{conversationId}-msg-1:{recipientId}:{channel}", channel, recipientId, conversationId, "msg-1");

    private static NotificationDelivered Expected(OutcomeSubject subject) => new()
    {
        NotificationId = subject.NotificationId, Channel = subject.Channel, RecipientId = subject.RecipientId,
        ConversationId = subject.ConversationId, MessageId = subject.MessageId, Provider = "", DeliveredAt = default,
    };

    /// <summary>Waits for the event, then gives the broker a moment to show a second one if it was published twice.</summary>
    private static async Task<T> SinglePublishedAsync<T>(IEnumerable<T> queue, string notificationId) where T : class
    {
        static string IdOf(T outcome) => outcome switch
        {
            NotificationDelivered delivered => delivered.NotificationId,
            NotificationFailed failed => failed.NotificationId,
            NotificationSuppressed suppressed => suppressed.NotificationId,
            _ => "",
        };
        await Eventually.TrueAsync(() => queue.Any(outcome => IdOf(outcome) == notificationId), $"the platform to receive {typeof(T).Name}");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        return Assert.Single(queue, outcome => IdOf(outcome) == notificationId);
    }

    private async Task<DeliveryLogEntry> SingleLoggedAsync(string notificationId) =>
        Assert.Single(await log.ReadAsync(conversationId, recipientId: null), entry => entry.NotificationId == notificationId);

    public async Task DisposeAsync()
    {
        measured?.Dispose();
        await infrastructure.DisposeAsync([]);
    }
}
