using Notifications.Scheduling.Redelivery;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.DeliveryLog;
using Notifications.SharedState.Ledger;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Notifications.IntegrationTests;

/// <summary>
/// <see cref="NotificationDelivery.DeliverBatchAsync"/>, the pipeline of one provider call answering for several
/// notifications (a digest email), on the real broker and Redis: it claims every ledger entry, calls once, marks
/// them finished and publishes, logs and counts each outcome once (never a latency); a transient failure gives
/// every claim back; a notification held elsewhere stops the call, one finished before is not answered again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NotificationDeliveryBatchTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes published = new();
    private readonly string conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string channel = "test-channel-" + Guid.NewGuid().ToString("N")[..8];
    private DeliveryLogStore log = null!;
    private DeliveryLedger ledger = null!;
    private NotificationDelivery delivery = null!;
    private ChannelMeasurements measured = null!;
    private int calls;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        await infrastructure.StartPlatformBusAsync(published);
        var keys = new RedisKeys(MsOptions.Create(new RedisOptions { KeyPrefix = infrastructure.KeyPrefix }));
        log = new DeliveryLogStore(infrastructure.Redis, keys, MsOptions.Create(new DeliveryLogOptions()));
        ledger = new DeliveryLedger(infrastructure.Redis, keys);
        var outcomes = new DeliveryOutcomes(log, TimeProvider.System, NullLogger<DeliveryOutcomes>.Instance);
        delivery = new NotificationDelivery(ledger, outcomes, RedeliveryPolicy.None(MsOptions.Create(new MessagingOptions())), NullLogger<NotificationDelivery>.Instance);
        measured = new ChannelMeasurements(channel);
    }

    [Fact]
    public async Task OneAcceptedCall_FinishesEveryNotification_AndPublishesLogsAndCountsEachOnceAsDelivered()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];
        using var span = new Activity("send batch").Start();

        var result = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, Send(() => "test-provider"), CancellationToken.None);

        Assert.Equal(new BatchDelivery(BatchOutcome.Delivered, "test-provider"), result);
        Assert.Equal(1, calls);
        Assert.Equal(["finished", "finished"], await LedgerOfAsync(batch));
        await Eventually.TrueAsync(() => batch.All(n => published.Delivered.Any(d => d.NotificationId == n.NotificationId && d.Provider == "test-provider")),
            "NotificationDelivered for both notifications");
        Assert.Equal(batch.Select(n => n.NotificationId).Order(), (await LoggedAsync(DeliveryLogEntry.Delivered)).Order());
        Assert.Equal(2, measured.Of("notifications.sent").Sum(m => m.Value));
        Assert.All(measured.Of("notifications.sent"), m => Assert.Equal("test-provider", m.Tags[NotificationsTelemetry.Provider]));
        Assert.Equal(["notifications.sent", "notifications.sent"], measured.Instruments);
        Assert.Equal(("delivered", "test-provider"), (span.GetTagItem(NotificationsTelemetry.Outcome), span.GetTagItem(NotificationsTelemetry.Provider)));
    }

    [Fact]
    public async Task APermanentRefusal_FinishesEveryNotification_AndPublishesEachAsFailed_WithTheReasonRedacted()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];
        using var span = new Activity("send batch").Start();

        var result = await delivery.DeliverBatchAsync(infrastructure.Platform, batch,
            Send(() => throw new ProviderException("550 <ivy@helpdesk.test> mailbox unavailable", permanent: true)), CancellationToken.None);

        const string redacted = "550 " + PersonalDataRedaction.AddressMask + " mailbox unavailable";
        Assert.Equal(new BatchDelivery(BatchOutcome.FailedPermanently, null, redacted), result);
        Assert.Equal(["finished", "finished"], await LedgerOfAsync(batch));
        await Eventually.TrueAsync(() => batch.All(n => published.Failed.Any(f => f.NotificationId == n.NotificationId && f.Permanent && f.Reason == redacted)),
            "a permanent NotificationFailed for both notifications");
        Assert.Equal(2, (await LoggedAsync(DeliveryLogEntry.Failed)).Count);
        var failed = measured.Of("notifications.failed");
        Assert.Equal(2, failed.Sum(m => m.Value));
        Assert.All(failed, m => Assert.Equal(("none", true), (m.Tags[NotificationsTelemetry.Provider], m.Tags["permanent"])));
        Assert.Equal(["notifications.failed", "notifications.failed"], measured.Instruments);
        Assert.Equal("failed-permanent", span.GetTagItem(NotificationsTelemetry.Outcome));
        Assert.Equal((ActivityStatusCode.Error, redacted), (span.Status, span.StatusDescription));
    }

    [Fact]
    public async Task ATransientFailure_IsRethrown_AndGivesEveryClaimBack_WithoutAnyOutcome()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];

        await Assert.ThrowsAsync<ProviderException>(() => delivery.DeliverBatchAsync(infrastructure.Platform, batch,
            Send(() => throw new ProviderException("SMTP 451 try later", permanent: false)), CancellationToken.None));

        Assert.Equal([NoEntry, NoEntry], await LedgerOfAsync(batch));
        Assert.Empty(measured.Instruments);
        Assert.Empty(await LoggedAsync(outcome: null));
    }

    [Fact]
    public async Task ANotificationHeldElsewhere_StopsTheCall_AndTheClaimsAlreadyTakenAreGivenBack()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync(batch[1].NotificationId, "another-sender", TimeSpan.FromMinutes(1)));

        var result = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, Send(() => "test-provider"), CancellationToken.None);

        Assert.Equal(new BatchDelivery(BatchOutcome.HeldElsewhere), result);
        Assert.Equal(0, calls);
        Assert.Equal([NoEntry, "another-sender"], await LedgerOfAsync(batch));
        Assert.Empty(measured.Instruments);
    }

    [Fact]
    public async Task ANotificationFinishedBefore_IsNotAnsweredAgain_AndWhenAllWereNothingIsSent()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];
        await ledger.MarkFinishedAsync(batch[0].NotificationId);

        var partly = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, Send(() => "test-provider"), CancellationToken.None);
        var again = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, Send(() => "test-provider"), CancellationToken.None);

        Assert.Equal(BatchOutcome.Delivered, partly.Outcome);
        Assert.Equal(new BatchDelivery(BatchOutcome.AlreadyFinished), again);
        Assert.Equal(1, calls);
        await Eventually.TrueAsync(() => published.Delivered.Any(d => d.NotificationId == batch[1].NotificationId), "NotificationDelivered for the second");
        Assert.Equal([batch[1].NotificationId], await LoggedAsync(DeliveryLogEntry.Delivered));
        Assert.Equal(["notifications.sent"], measured.Instruments);
    }

    [Fact]
    public async Task APublishThatFailsAfterTheProviderAccepted_IsPublishedByTheNextCall_WithoutCallingTheProviderAgain()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];

        await Assert.ThrowsAnyAsync<Exception>(() =>
            delivery.DeliverBatchAsync(BrokenBroker.Create(), batch, Send(() => "test-provider"), CancellationToken.None));
        Assert.Equal(["sent:test-provider", "sent:test-provider"], await LedgerOfAsync(batch));

        var again = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, Send(() => "test-provider"), CancellationToken.None);

        Assert.Equal(new BatchDelivery(BatchOutcome.AlreadyFinished), again);
        Assert.Equal(1, calls);
        Assert.Equal(["finished", "finished"], await LedgerOfAsync(batch));
        await Eventually.TrueAsync(() => batch.All(n => published.Delivered.Any(d => d.NotificationId == n.NotificationId && d.Provider == "test-provider")),
            "NotificationDelivered for both notifications");
    }

    [Fact]
    public async Task APermanentFailureWhosePublishFails_GivesItsClaimsBack_AndTheNextCallPublishesIt()
    {
        OutcomeSubject[] batch = [Subject("msg-1"), Subject("msg-2")];
        var refuse = Send(() => throw new ProviderException("550 mailbox unavailable", permanent: true));

        await Assert.ThrowsAnyAsync<Exception>(() => delivery.DeliverBatchAsync(BrokenBroker.Create(), batch, refuse, CancellationToken.None));
        Assert.Equal([NoEntry, NoEntry], await LedgerOfAsync(batch));

        var again = await delivery.DeliverBatchAsync(infrastructure.Platform, batch, refuse, CancellationToken.None);

        Assert.Equal(BatchOutcome.FailedPermanently, again.Outcome);
        Assert.Equal(["finished", "finished"], await LedgerOfAsync(batch));
        await Eventually.TrueAsync(() => batch.All(n => published.Failed.Any(f => f.NotificationId == n.NotificationId && f.Permanent)),
            "NotificationFailed for both notifications");
    }

    /// <summary>A publish endpoint whose every call fails, as one does while the broker connection is down.</summary>
    public class BrokenBroker : System.Reflection.DispatchProxy
    {
        public static MassTransit.IPublishEndpoint Create() => Create<MassTransit.IPublishEndpoint, BrokenBroker>();

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new MassTransit.RabbitMqConnectionException("The broker connection is down (test).");
    }

    private OutcomeSubject Subject(string messageId) => new($"{messageId}:agent-ivy:{channel}", channel, "agent-ivy", conversationId, messageId);

    /// <summary>A provider call that counts itself and answers with <paramref name="answer"/> (or throws from it).</summary>
    private Func<CancellationToken, Task<string>> Send(Func<string> answer) => _ =>
    {
        Interlocked.Increment(ref calls);
        return Task.FromResult(answer());
    };

    /// <summary>Each notification's ledger value: <c>finished</c>, a claim token, or <see cref="NoEntry"/>.</summary>
    private async Task<string[]> LedgerOfAsync(IEnumerable<OutcomeSubject> batch) =>
        await Task.WhenAll(batch.Select(async n => (string?)await infrastructure.Redis.GetDatabase().StringGetAsync(ledger.KeyOf(n.NotificationId)) ?? NoEntry));

    private const string NoEntry = "(no entry)";

    /// <summary>The notification ids of this conversation's delivery log entries with <paramref name="outcome"/> (null: any).</summary>
    private async Task<List<string>> LoggedAsync(string? outcome) =>
        (await log.ReadAsync(conversationId, recipientId: null)).Where(e => outcome is null || e.Outcome == outcome).Select(e => e.NotificationId).ToList();

    public async Task DisposeAsync()
    {
        measured?.Dispose();
        await infrastructure.DisposeAsync([]);
    }
}
