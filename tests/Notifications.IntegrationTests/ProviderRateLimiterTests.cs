using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ConsumerHealth;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>The shared provider rate limit, held by two limiter instances (two connections) against one real Redis.</summary>
[Trait("Category", "Integration")]
public sealed class ProviderRateLimiterTests : TwoInstancesRedisTest
{

    [Fact]
    public async Task TwoInstances_SharingOneLimit_NeverExceedItInAnySecond_AndEverySendGetsItsSlot()
    {
        const int limit = 5;
        const int sends = 20;
        var limiters = new[] { new ProviderRateLimiter(Redis, RedisKeys), new ProviderRateLimiter(Second, RedisKeys) };
        var windows = new ConcurrentBag<long>();
        var provider = "twilio-" + Guid.NewGuid().ToString("N")[..6];
        using var waits = new RateLimitWaitCounter(provider);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, sends).Select(async i =>
            windows.Add(await limiters[i % 2].WaitForSlotAsync(provider, limit, CancellationToken.None))));

        clock.Stop();
        // Only the first window's five went straight through: every other send waited and was counted.
        Assert.Equal(sends - limit, waits.Count, tolerance: limit);
        Assert.Equal(sends, windows.Count);
        Assert.All(windows.GroupBy(w => w), perSecond => Assert.True(perSecond.Count() <= limit, $"{perSecond.Count()} sends in second {perSecond.Key}"));
        Assert.True(windows.Distinct().Count() >= sends / limit);
        // Four full windows of five: the last slot is at least two seconds of Redis' clock after the first.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Limits_AreCountedPerProvider()
    {
        var limiter = new ProviderRateLimiter(Redis, RedisKeys);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await limiter.WaitForSlotAsync("onesignal", 3, CancellationToken.None);
            await limiter.WaitForSlotAsync("pusher-beams", 3, CancellationToken.None);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RetryAfterPause_IsDeclaredAConsumerPause_OnTheInstanceThatGotIt_AndOnTheOneThatWaitsItOut()
    {
        var pausingPauses = new ConsumerPauses(TimeProvider.System);
        var waitingPauses = new ConsumerPauses(TimeProvider.System);
        var pausing = new ProviderRateLimiter(Redis, RedisKeys, pausingPauses);
        var waiting = new ProviderRateLimiter(Second, RedisKeys, waitingPauses);

        await pausing.PauseAsync("onesignal", TimeSpan.FromMilliseconds(1500));
        Assert.True(pausingPauses.StateOf(QueueNames.SendPush)?.Active, "the instance that got the Retry-After declared no pause");
        var waited = waiting.WaitForSlotAsync("onesignal", maxPerSecond: 0, CancellationToken.None);
        await Eventually.TrueAsync(() => waitingPauses.StateOf(QueueNames.SendPush)?.Active == true, "the waiting instance to declare the pause", TimeSpan.FromSeconds(1));
        // The limiter does not know which queue calls the provider: every queue of the service is excused.
        Assert.Equal("onesignal asked to wait (Retry-After)", waitingPauses.StateOf(QueueNames.SendSms)?.Reason);
        await waited;

        Assert.False(waitingPauses.StateOf(QueueNames.SendPush)?.Active, "the pause outlived the Retry-After");
    }

    [Fact]
    public async Task RetryAfterPause_FromOneInstance_HoldsTheOtherInstancesSends_EvenWhenUnlimited()
    {
        var pausing = new ProviderRateLimiter(Redis, RedisKeys);
        var other = new ProviderRateLimiter(Second, RedisKeys);
        // A provider name of this test alone: the meter is shared with every test in the process.
        var provider = "onesignal-" + Guid.NewGuid().ToString("N")[..6];
        using var pauses = new CounterListener("notifications.rate_limit.pauses", (NotificationsTelemetry.Provider, provider));
        using var retryAfterWaits = new CounterListener("notifications.rate_limit.waits",
            (NotificationsTelemetry.Provider, provider), (NotificationsMetrics.RateLimitReason, "retry_after"));

        await pausing.PauseAsync(provider, TimeSpan.FromMilliseconds(1200));
        var clock = Stopwatch.StartNew();
        await other.WaitForSlotAsync(provider, maxPerSecond: 0, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        // The dashboard's "pauses" and "waits by reason": one pause imposed, one send that waited it out.
        Assert.Equal(1, pauses.Total);
        Assert.Equal(1, retryAfterWaits.Total);
    }

    [Fact]
    public async Task A429WithRetryAfter_SeenByOneInstance_PausesTheProviderForTheOther()
    {
        using var throttled = new HttpClient(new ProviderRateLimitHandler(new ProviderRateLimiter(Redis, RedisKeys), "pusher-channels", () => 0)
        {
            InnerHandler = new Answer(() =>
            {
                var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return response;
            }),
        });

        using var answer = await throttled.GetAsync("http://provider.test/apps/1/events");
        var clock = Stopwatch.StartNew();
        await new ProviderRateLimiter(Second, RedisKeys).WaitForSlotAsync("pusher-channels", 0, CancellationToken.None);

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, answer.StatusCode); // the client still reports it (transient)
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(800), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(System.Net.HttpStatusCode.ServiceUnavailable)]
    [InlineData(System.Net.HttpStatusCode.BadGateway)]
    public async Task A5xxWithRetryAfter_SeenByOneInstance_PausesTheProviderForTheOther(System.Net.HttpStatusCode status)
    {
        var provider = "onesignal-" + Guid.NewGuid().ToString("N")[..6];
        using var unavailable = new HttpClient(new ProviderRateLimitHandler(new ProviderRateLimiter(Redis, RedisKeys), provider, () => 0)
        {
            InnerHandler = new Answer(() =>
            {
                var response = new HttpResponseMessage(status);
                // Long enough that the pause is still there when a busy machine gets to the assertion (the provider is this test's own).
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                return response;
            }),
        });

        using var answer = await unavailable.GetAsync("http://provider.test/notifications");

        Assert.Equal(status, answer.StatusCode); // still reported (transient) by the client
        Assert.True(await Redis.GetDatabase().KeyExistsAsync(RedisKeys.Key("rate:{" + provider + "}:pause")), "no pause was set");
    }

    [Fact]
    public async Task A4xxWithRetryAfter_DoesNotPauseTheProvider()
    {
        var provider = "onesignal-" + Guid.NewGuid().ToString("N")[..6];
        using var refused = new HttpClient(new ProviderRateLimitHandler(new ProviderRateLimiter(Redis, RedisKeys), provider, () => 0)
        {
            InnerHandler = new Answer(() =>
            {
                var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest);
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                return response;
            }),
        });

        using var answer = await refused.GetAsync("http://provider.test/notifications");

        Assert.False(await Redis.GetDatabase().KeyExistsAsync(RedisKeys.Key("rate:{" + provider + "}:pause")));
    }

    private sealed class Answer(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond());
    }

    [Fact]
    public async Task Unlimited_NeverWaits()
    {
        var limiter = new ProviderRateLimiter(Redis, RedisKeys);
        var provider = "twilio-" + Guid.NewGuid().ToString("N")[..6];
        using var waits = new RateLimitWaitCounter(provider);

        for (var i = 0; i < 50; i++)
            Assert.Equal(0, await limiter.WaitForSlotAsync(provider, 0, CancellationToken.None));

        Assert.Equal(0, waits.Count);
    }

    /// <summary>Counts the <c>notifications.rate_limit.waits</c> measurements of one provider.</summary>
    private sealed class RateLimitWaitCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private long count;

        public RateLimitWaitCounter(string provider)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "notifications.rate_limit.waits")
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Value as string == provider)
                        Interlocked.Add(ref count, value);
                }
            });
            listener.Start();
        }

        public long Count => Interlocked.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}

/// <summary>The per-recipient SMS allowance (abuse guard), shared by two sender instances against one real Redis.</summary>
[Trait("Category", "Integration")]
public sealed class RecipientSmsLimitTests : TwoInstancesRedisTest
{

    private const string User = Notifications.Contracts.ParticipantRoles.User;
    private const string Agent = Notifications.Contracts.ParticipantRoles.Agent;

    private Notifications.SmsSender.Guard.RecipientSmsLimit Limit(IConnectionMultiplexer redis, int perHour, int perAgentNumber = 0) =>
        new(redis, RedisKeys, Options.Create(new Notifications.SmsSender.Settings.SmsOptions
        {
            RateLimit = new Notifications.SmsSender.Settings.SmsRateLimitOptions { PerRecipientPerHour = perHour, PerAgentNumberPerHour = perAgentNumber },
        }));

    [Fact]
    public async Task AgentsNumbers_AreNotLimitedByTheUsersGuard_AndHaveTheirOwnLimitWhenSet()
    {
        const string phone = "+15550123457";
        var offByDefault = Limit(Redis, perHour: 1);
        var limited = Limit(Second, perHour: 1, perAgentNumber: 2);

        for (var i = 0; i < 8; i++)
            await offByDefault.EnsureAllowedAsync(phone, $"agent-n-{i}", Agent);
        await limited.EnsureAllowedAsync("+15550123458", "a-1", Agent);
        await limited.EnsureAllowedAsync("+15550123458", "a-2", Agent);
        var blocked = await Assert.ThrowsAsync<ProviderException>(() => limited.EnsureAllowedAsync("+15550123458", "a-3", Agent));

        Assert.Contains("Sms:RateLimit:PerAgentNumberPerHour", blocked.Message);
        // The users' count is apart: the same number as a user's still has its own allowance.
        await limited.EnsureAllowedAsync("+15550123458", "u-1", User);
    }

    [Fact]
    public async Task BeyondTheHourlyAllowance_ASendIsBlockedPermanently_AcrossInstances_ButARetryOfACountedSendIsNot()
    {
        const string phone = "+15550123456";
        var a = Limit(Redis, perHour: 2);
        var b = Limit(Second, perHour: 2);

        await a.EnsureAllowedAsync(phone, "n-1", User);
        await b.EnsureAllowedAsync(phone, "n-2", User);
        await b.EnsureAllowedAsync(phone, "n-1", User); // a retry of a counted notification
        var blocked = await Assert.ThrowsAsync<ProviderException>(() => a.EnsureAllowedAsync(phone, "n-3", User));
        await b.EnsureAllowedAsync("+15550999999", "n-4", User); // another number has its own allowance

        Assert.True(blocked.Permanent);
        Assert.Contains("Sms:RateLimit:PerRecipientPerHour", blocked.Message);
        Assert.DoesNotContain(phone, blocked.Message);
    }
}
