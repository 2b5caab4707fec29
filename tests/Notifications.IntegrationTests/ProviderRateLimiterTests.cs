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
    public async Task ConcurrentCallersOnTwoInstances_NeverExceedTheLimitInAnySlidingSecond_AndStillReachItsRate()
    {
        const int limit = 10;
        const int callersPerInstance = 4;
        var limiters = new[] { new ProviderRateLimiter(Redis, RedisKeys), new ProviderRateLimiter(Second, RedisKeys) };
        var provider = "twilio-" + Guid.NewGuid().ToString("N")[..6];
        var slots = new ConcurrentBag<long>();
        var clock = Stopwatch.StartNew();

        // Every caller asks again as soon as it got a slot, for 3.5 s: the limit, not the callers, sets the pace.
        await Task.WhenAll(limiters.SelectMany(limiter => Enumerable.Range(0, callersPerInstance).Select(async _ =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(3.5))
                slots.Add(await limiter.WaitForSlotAsync(provider, limit, CancellationToken.None));
        })));

        var ordered = slots.Order().ToList();
        var busiest = BusiestSecond(ordered);
        Assert.True(busiest <= limit, $"{busiest} slots within one second (limit {limit})");
        Assert.Equal(ordered.Count, ordered.Distinct().Count());
        // A second's worth of slots spans the second and the arrival guard: the rate is the limit's less the guard.
        var seconds = (ordered[^1] - ordered[0]) / 1_000_000.0;
        var rate = (ordered.Count - 1) / seconds;
        Assert.True(rate >= 0.9 * limit, $"{ordered.Count} slots in {seconds:0.00} s: {rate:0.0}/s, limit {limit}");
        Assert.Equal(TimeSpan.FromMilliseconds(106), ProviderRateLimiter.SlotInterval(limit));
    }

    [Fact]
    public async Task TwoInstances_SharingOneLimit_EverySendGetsItsSlot_AndEverySendThatWaitedIsCounted()
    {
        const int limit = 5;
        const int sends = 12;
        var limiters = new[] { new ProviderRateLimiter(Redis, RedisKeys), new ProviderRateLimiter(Second, RedisKeys) };
        var slots = new ConcurrentBag<long>();
        var provider = "twilio-" + Guid.NewGuid().ToString("N")[..6];
        using var waits = new RateLimitWaitCounter(provider);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, sends).Select(async i =>
            slots.Add(await limiters[i % 2].WaitForSlotAsync(provider, limit, CancellationToken.None))));

        clock.Stop();
        // No burst: only the first send went straight through, every other one waited for its slot and was counted.
        Assert.Equal(sends - 1, waits.Count);
        Assert.Equal(sends, slots.Distinct().Count());
        Assert.True(BusiestSecond(slots.Order().ToList()) <= limit);
        // Eleven turns of 212 ms after the first grant, less the tolerance at each end.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ARetryAfterPause_SetWhileACallerSleepsForItsSlot_HoldsThatCallersSend()
    {
        var limiter = new ProviderRateLimiter(Redis, RedisKeys);
        var provider = "twilio-" + Guid.NewGuid().ToString("N")[..6];
        await limiter.WaitForSlotAsync(provider, 1, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        var second = limiter.WaitForSlotAsync(provider, 1, CancellationToken.None); // its slot is a second away
        await new ProviderRateLimiter(Second, RedisKeys).PauseAsync(provider, TimeSpan.FromSeconds(2));
        await second;

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"sent {clock.Elapsed} after the pause began, before it ended");
    }

    /// <summary>The most slots (Redis microseconds, in order) within any one second, wherever it starts.</summary>
    private static int BusiestSecond(IReadOnlyList<long> slots)
    {
        var busiest = 0;
        for (int first = 0, last = 0; last < slots.Count; last++)
        {
            while (slots[last] - slots[first] >= 1_000_000)
                first++;
            busiest = Math.Max(busiest, last - first + 1);
        }
        return busiest;
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

        // Two turns of 353 ms each for three sends per provider; counted together, six would take five.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.4), $"took {clock.Elapsed}");
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
