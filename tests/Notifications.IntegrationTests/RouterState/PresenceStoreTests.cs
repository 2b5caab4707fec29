using Notifications.IntegrationTests.Infrastructure;
using Notifications.Contracts;
using Notifications.Router.Presence;
using Notifications.Router.Routing;

namespace Notifications.IntegrationTests.RouterState;

/// <summary><c>PresenceChanged</c> events applied out of order: the newest <c>at</c> wins, whatever arrives last.</summary>
[Trait("Category", "Integration")]
public sealed class PresenceStoreTests : RouterRedisTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-25T10:00:00+00:00");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OlderEvent_ArrivingLater_IsIgnored(bool newerOnline)
    {
        var store = new PresenceStore(Redis, Keys);

        Assert.True(await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = newerOnline, At = Now }));
        Assert.False(await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = !newerOnline, At = Now.AddSeconds(-1) }));

        Assert.Equal(newerOnline ? "1" : "0", (string?)await Redis.GetDatabase().HashGetAsync(Keys.Presence("p"), "online"));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), (long)await Redis.GetDatabase().HashGetAsync(Keys.Presence("p"), "at"));
    }

    [Fact]
    public async Task NewerEvent_Overwrites()
    {
        var store = new PresenceStore(Redis, Keys);

        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now });
        Assert.True(await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddSeconds(1) }));

        Assert.Equal("0", (string?)await Redis.GetDatabase().HashGetAsync(Keys.Presence("p"), "online"));
    }

    // U2, whatever order the events are consumed in: an offline session ends when the user was online at any time
    // after the session's first notification (the claim, made at Now).

    [Fact]
    public async Task OnlineEvent_ConsumedAfterANewerOffline_StillEndsTheOfflineSession()
    {
        var (store, sessions) = (new PresenceStore(Redis, Keys), new OfflineSessionClaims(Redis, Keys, new FixedClock(Now)));
        Assert.True(await sessions.TryClaimAsync("p", Channels.Email, "n-1"));

        // The user came back at +1 s and left at +2 s; the offline event is consumed first.
        Assert.True(await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddSeconds(2) }));
        Assert.False(await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now.AddSeconds(1) }));

        Assert.Equal("0", (string?)await Redis.GetDatabase().HashGetAsync(Keys.Presence("p"), "online"));
        Assert.True(await new OfflineSessionClaims(Redis, Keys, new FixedClock(Now.AddSeconds(3))).TryClaimAsync("p", Channels.Email, "n-2"));
    }

    [Fact]
    public async Task OnlineEvent_FromBeforeTheFirstNotification_DoesNotEndTheOfflineSession()
    {
        var (store, sessions) = (new PresenceStore(Redis, Keys), new OfflineSessionClaims(Redis, Keys, new FixedClock(Now)));
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddMinutes(-1) });
        Assert.True(await sessions.TryClaimAsync("p", Channels.Email, "n-1"));

        // A late online event from before the claim: the user was not back after the email.
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now.AddMinutes(-2) });

        Assert.False(await new OfflineSessionClaims(Redis, Keys, new FixedClock(Now.AddSeconds(3))).TryClaimAsync("p", Channels.Email, "n-2"));
    }

    [Fact]
    public async Task OfflineEvent_EndingAnOnlineStateAfterTheClaim_EndsTheOfflineSession()
    {
        // Online since before the first notification (the router had not seen it yet), offline again after it.
        var (store, sessions) = (new PresenceStore(Redis, Keys), new OfflineSessionClaims(Redis, Keys, new FixedClock(Now)));
        Assert.True(await sessions.TryClaimAsync("p", Channels.Email, "n-1"));
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now.AddSeconds(-30) });
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddSeconds(30) });

        Assert.True(await new OfflineSessionClaims(Redis, Keys, new FixedClock(Now.AddMinutes(1))).TryClaimAsync("p", Channels.Email, "n-2"));
    }

    [Fact]
    public async Task RepeatedOfflineEvents_DoNotEndTheOfflineSession()
    {
        var (store, sessions) = (new PresenceStore(Redis, Keys), new OfflineSessionClaims(Redis, Keys, new FixedClock(Now)));
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddMinutes(-1) });
        Assert.True(await sessions.TryClaimAsync("p", Channels.Email, "n-1"));
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now.AddSeconds(30) });

        Assert.False(await new OfflineSessionClaims(Redis, Keys, new FixedClock(Now.AddMinutes(1))).TryClaimAsync("p", Channels.Email, "n-2"));
    }
}
