using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.DeliveryLog;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Notifications.IntegrationTests.Continuity.Escalation;

/// <summary>
/// The delivery log keeps what a conversation's thread shows beyond the outcome itself: a follow-up failure and
/// its bounce kind, and which notification a fallback stood in for; on the real Redis stream.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryLogThreadFieldsTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly string conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];
    private DeliveryLogStore log = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var keys = new RedisKeys(MsOptions.Create(new RedisOptions { KeyPrefix = infrastructure.KeyPrefix }));
        log = new DeliveryLogStore(infrastructure.Redis, keys, MsOptions.Create(new DeliveryLogOptions()));
    }

    [Fact]
    public async Task AFollowUpBounce_AndAFallback_AreReadBackAsWritten_AndAPlainOutcomeCarriesNeither()
    {
        var at = DateTimeOffset.UtcNow;
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationFailed
        {
            NotificationId = "m1:agent-a:email", Channel = "email", RecipientId = "agent-a", ConversationId = conversationId,
            MessageId = "m1", Reason = "550 5.1.1 user unknown", Permanent = true, FailedAt = at,
            FollowUp = true, Bounce = BounceKinds.Hard,
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationDelivered
        {
            NotificationId = "m1:agent-a:sms", Channel = "sms", RecipientId = "agent-a", ConversationId = conversationId,
            MessageId = "m1", Provider = "test-provider", DeliveredAt = at, FallbackOf = "m1:agent-a:email",
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationDelivered
        {
            NotificationId = "m1:agent-b:email", Channel = "email", RecipientId = "agent-b", ConversationId = conversationId,
            MessageId = "m1", Provider = "test-provider", DeliveredAt = at,
        }, traceId: ""));

        var entries = (await log.ReadAsync(conversationId, recipientId: null)).ToDictionary(entry => entry.NotificationId);

        var bounced = entries["m1:agent-a:email"];
        Assert.Equal((DeliveryLogEntry.Failed, true, BounceKinds.Hard, (string?)null), (bounced.Outcome, bounced.FollowUp, bounced.Bounce, bounced.FallbackOf));
        var fallback = entries["m1:agent-a:sms"];
        Assert.Equal((DeliveryLogEntry.Delivered, false, (string?)null, "m1:agent-a:email"), (fallback.Outcome, fallback.FollowUp, fallback.Bounce, fallback.FallbackOf));
        var plain = entries["m1:agent-b:email"];
        Assert.Equal((false, (string?)null, (string?)null), (plain.FollowUp, plain.Bounce, plain.FallbackOf));
    }

    [Fact]
    public async Task AQuietHoursSuppression_KeepsItsSummaryId()
    {
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationSuppressed
        {
            NotificationId = "m2:user-q:sms", Channel = "sms", RecipientId = "user-q", ConversationId = conversationId,
            MessageId = "m2", Reason = "quiet-hours", Rule = "U1", SummaryId = "quiet:user-q:sms:638000000000000000",
        }, DateTimeOffset.UtcNow, traceId: ""));

        var entry = Assert.Single(await log.ReadAsync(conversationId, recipientId: "user-q"));
        Assert.Equal(("quiet-hours", "quiet:user-q:sms:638000000000000000"), (entry.Detail, entry.SummaryId));
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync([]);
}
