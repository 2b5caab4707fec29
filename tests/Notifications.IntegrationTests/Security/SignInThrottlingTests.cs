using System.Net;
using Notifications.Admin;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 2, against two real admin instances behind a "proxy" (this test process, 127.0.0.1, configured as
/// a known proxy), on a key prefix of their own so their lockouts touch no other test: bursts are answered 429 with
/// Retry-After, wrong secrets lock an address out on every instance, and other addresses still sign in.
/// </summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignInThrottlingTests(EmailSendersFixture fixture)
    : TwoAdminInstancesTest(fixture, new Dictionary<string, string?> { ["Admin:RateLimit:ApiPerMinute"] = "20" })
{
    [Fact]
    public async Task BurstOfSignIns_IsAnswered429_WithRetryAfter()
    {
        using var client = new ConsoleClient(First, "203.0.113.10");
        var token = await client.AntiforgeryTokenAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.SignInAsync(token, $"guess-{i}")));

        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
        var throttled = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(40, refused + throttled.Count);
        Assert.InRange(refused, 1, 4);
        Assert.All(throttled, response => Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds"));
    }

    [Fact]
    public async Task RepeatedWrongSecrets_LockTheAddressOut_OnEveryInstance_ButNotOtherAddresses()
    {
        using var attacker = new ConsoleClient(First, "203.0.113.20");
        var token = await attacker.AntiforgeryTokenAsync();
        for (var attempt = 1; attempt < 5; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SignInAsync(token, "wrong-" + attempt)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.SignInAsync(token, "wrong-5")).StatusCode);

        // The other instance knows, through Redis: the right key is refused from that address too, and so is the API.
        using var sameAddress = new ConsoleClient(Second, "203.0.113.20");
        var locked = await sameAddress.SignInAsync(await sameAddress.AntiforgeryTokenAsync(), ApiKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
        Assert.Contains("Too many failed sign-ins", await locked.Content.ReadAsStringAsync());
        sameAddress.Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sameAddress.Http.GetAsync("/admin/channels")).StatusCode);

        using var operatorElsewhere = new ConsoleClient(Second, "198.51.100.7");
        var signedIn = await operatorElsewhere.SignInAsync(await operatorElsewhere.AntiforgeryTokenAsync(), ApiKey);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task WrongApiKeys_AreCountedAsFailedSignIns_AndTheApiIsRateLimited()
    {
        using var guesser = new ConsoleClient(First, "203.0.113.30");
        guesser.Http.DefaultRequestHeaders.Add("X-Api-Key", "guessed-key");
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 6; attempt++)
            statuses.Add((await guesser.Http.GetAsync("/admin/email/settings")).StatusCode);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        using var busy = new ConsoleClient(First, "198.51.100.8");
        busy.Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var burst = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => busy.Http.GetAsync("/admin/channels")));
        Assert.Contains(burst, response => response.StatusCode == HttpStatusCode.OK);
        var throttled = burst.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(throttled.Count, 10, 30);
        Assert.All(throttled, response => Assert.NotNull(response.Headers.RetryAfter));
    }

    [Fact]
    public async Task ForwardedFor_FromAnAddressThatIsNotAKnownProxy_IsIgnored()
    {
        var prefix = $"test-{Guid.NewGuid():N}:";
        var configuration = new Dictionary<string, string?>(Fixture.Configuration) { ["Redis:KeyPrefix"] = prefix, ["Admin:KnownProxies"] = "192.0.2.1" };
        var instance = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        try
        {
            // Each attempt claims another address; all of them are this connection's, 127.0.0.1, and it gets locked out.
            var statuses = new List<HttpStatusCode>();
            for (var attempt = 0; attempt < 5; attempt++)
            {
                using var client = new ConsoleClient(instance, $"203.0.113.{100 + attempt}");
                statuses.Add((await client.SignInAsync(await client.AntiforgeryTokenAsync(), "wrong")).StatusCode);
            }
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }
        finally
        {
            await instance.StopAsync();
            await instance.DisposeAsync();
            await RedisTestKeys.DeleteAllAsync(Fixture.Redis, prefix);
        }
    }
}
