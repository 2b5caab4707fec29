using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Observability;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SharedState.DeliveryLog;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Notifications.IntegrationTests;

/// <summary>
/// <see cref="DeliveryOutcomes"/> on the real broker and Redis: each outcome reaches the platform and the delivery
/// log, mapped as the console shows it, with the trace it was decided in; an append Redis refuses is logged and
/// the outcome is published all the same; a suppression is counted once on <c>notifications.suppressed</c>, whoever decided it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryOutcomesTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes published = new();
    private readonly CapturedLogs logs = new();
    private readonly string conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];
    private ILoggerFactory loggers = null!;
    private DeliveryLogStore log = null!;
    private DeliveryOutcomes outcomes = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        await infrastructure.StartPlatformBusAsync(published);
        var keys = new RedisKeys(MsOptions.Create(new RedisOptions { KeyPrefix = infrastructure.KeyPrefix }));
        log = new DeliveryLogStore(infrastructure.Redis, keys, MsOptions.Create(new DeliveryLogOptions()));
        loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        outcomes = new DeliveryOutcomes(log, TimeProvider.System, loggers.CreateLogger<DeliveryOutcomes>());
    }

    [Fact]
    public async Task APublishTheBrokerNeverConfirms_FailsAfterThePublishTimeout_InsteadOfHangingTheConsumer()
    {
        var bounded = new DeliveryOutcomes(log, TimeProvider.System, loggers.CreateLogger<DeliveryOutcomes>()) { PublishTimeout = TimeSpan.FromSeconds(1) };
        var subject = new OutcomeSubject(Id("agent-kai", Channels.Push), Channels.Push, "agent-kai", conversationId, "msg-1");
        var started = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TimeoutException>(() =>
            bounded.DeliveredAsync(UnconfirmedPublishes.Create(), subject, "onesignal")).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("NotificationDelivered", failure.Message);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task EachOutcome_IsPublished_AndAppendedToTheLog_WithTheTraceItWasDecidedIn()
    {
        var delivered = new NotificationDelivered
        {
            NotificationId = Id("agent-sam", Channels.Sms), Channel = Channels.Sms, RecipientId = "agent-sam", ConversationId = conversationId,
            MessageId = "msg-1", Provider = "twilio", DeliveredAt = DateTimeOffset.UtcNow.AddSeconds(-3),
        };
        var failed = new NotificationFailed
        {
            NotificationId = Id("agent-pat", Channels.Email), Channel = Channels.Email, RecipientId = "agent-pat", ConversationId = conversationId,
            MessageId = "msg-1", Reason = "The mailbox does not exist", Permanent = true, FailedAt = DateTimeOffset.UtcNow.AddSeconds(-2),
        };
        var retried = failed with { NotificationId = Id("agent-leo", Channels.Email), RecipientId = "agent-leo", Reason = "SMTP 451", Permanent = false };
        var suppressed = new NotificationSuppressed
        {
            NotificationId = Id("agent-sue", Channels.Sms), Channel = Channels.Sms, RecipientId = "agent-sue", ConversationId = conversationId,
            MessageId = "msg-1", Reason = "recipient-online", Rule = "A1",
        };

        using var decision = new Activity("decide").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = decision.TraceId.ToHexString();
        var before = DateTimeOffset.UtcNow;
        await outcomes.DeliveredAsync(infrastructure.Platform, delivered);
        await outcomes.FailedAsync(infrastructure.Platform, failed);
        await outcomes.FailedAsync(infrastructure.Platform, retried);
        await outcomes.SuppressedAsync(infrastructure.Platform, suppressed);
        var after = DateTimeOffset.UtcNow;

        var entries = (await log.ReadAsync(conversationId, recipientId: null)).ToDictionary(entry => entry.NotificationId);
        Assert.Equal(4, entries.Count);
        Assert.Equal(new DeliveryLogEntry
        {
            Outcome = DeliveryLogEntry.Delivered, Channel = Channels.Sms, RecipientId = "agent-sam", ConversationId = conversationId, MessageId = "msg-1",
            NotificationId = delivered.NotificationId, Detail = "twilio", At = delivered.DeliveredAt, TraceId = traceId,
        }, entries[delivered.NotificationId]);
        Assert.Equal(new DeliveryLogEntry
        {
            Outcome = DeliveryLogEntry.Failed, Channel = Channels.Email, RecipientId = "agent-pat", ConversationId = conversationId, MessageId = "msg-1",
            NotificationId = failed.NotificationId, Detail = "The mailbox does not exist", Note = "permanent", At = failed.FailedAt, TraceId = traceId,
        }, entries[failed.NotificationId]);
        Assert.Equal("transient", entries[retried.NotificationId].Note);
        var suppression = entries[suppressed.NotificationId];
        Assert.Equal(new DeliveryLogEntry
        {
            Outcome = DeliveryLogEntry.Suppressed, Channel = Channels.Sms, RecipientId = "agent-sue", ConversationId = conversationId, MessageId = "msg-1",
            NotificationId = suppressed.NotificationId, Detail = "recipient-online", Note = "A1", At = suppression.At, TraceId = traceId,
        }, suppression);
        Assert.InRange(suppression.At, before, after); // the event carries no time: the log says when it was published

        await Eventually.TrueAsync(() => published.Delivered.Contains(delivered) && published.Failed.Contains(failed)
            && published.Failed.Contains(retried) && published.Suppressed.Contains(suppressed), "the platform to receive all four outcomes");
    }

    [Fact]
    public async Task AnAppendRedisRefuses_IsLoggedWithTheNotificationId_AndTheOutcomeIsStillPublished()
    {
        // The stream's key holds a string, so every XADD fails (WRONGTYPE): a real Redis error, not a stand-in.
        await infrastructure.Redis.GetDatabase().StringSetAsync(infrastructure.KeyPrefix + "delivery-log", "not a stream");
        var delivered = new NotificationDelivered
        {
            NotificationId = Id("agent-sam", Channels.Push), Channel = Channels.Push, RecipientId = "agent-sam", ConversationId = conversationId,
            MessageId = "msg-2", Provider = "onesignal", DeliveredAt = DateTimeOffset.UtcNow,
        };

        await outcomes.DeliveredAsync(infrastructure.Platform, delivered);

        var warning = Assert.Single(logs.Lines, line => line.Category == typeof(DeliveryOutcomes).FullName);
        Assert.Equal(delivered.NotificationId, warning.State["NotificationId"]);
        Assert.Contains("WRONGTYPE", warning.Message);
        await Eventually.TrueAsync(() => published.Delivered.Contains(delivered), "the platform to receive the outcome");
    }

    [Fact]
    public async Task ASuppression_IsCountedOnce_OnNotificationsSuppressed_WithItsChannelAndReason()
    {
        // A reason no other test uses: the instrument is shared by every test running in this process.
        var reason = "test-reason-" + Guid.NewGuid().ToString("N")[..8];
        var counted = new List<(long Value, string? Channel)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "notifications.suppressed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? channel = null, tagged = null;
            foreach (var tag in tags)
            {
                if (tag.Key == NotificationsTelemetry.Channel) channel = tag.Value as string;
                if (tag.Key == NotificationsTelemetry.SuppressionReason) tagged = tag.Value as string;
            }
            if (tagged == reason)
                lock (counted) counted.Add((value, channel));
        });
        listener.Start();

        await outcomes.SuppressedAsync(infrastructure.Platform, new NotificationSuppressed
        {
            NotificationId = Id("agent-kim", Channels.Email), Channel = Channels.Email, RecipientId = "agent-kim", ConversationId = conversationId,
            MessageId = "msg-3", Reason = reason,
        });

        lock (counted)
            Assert.Equal([(1L, (string?)Channels.Email)], counted);
    }

    private string Id(string recipientId, string channel) => $"{conversationId}-msg:{recipientId}:{channel}";

    public async Task DisposeAsync()
    {
        loggers?.Dispose();
        await infrastructure.DisposeAsync([]);
    }
}
