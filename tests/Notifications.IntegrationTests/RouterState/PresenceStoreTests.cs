using Notifications.Contracts;
using Notifications.Router.Presence;

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

    [Fact]
    public async Task StaleOnlineEvent_DoesNotEndTheOfflineSession()
    {
        var store = new PresenceStore(Redis, Keys);
        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = false, At = Now });
        await Redis.GetDatabase().StringSetAsync(Keys.OfflineSession("p", Channels.Email), "1|n-1");

        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now.AddMinutes(-1) });
        Assert.True(await Redis.GetDatabase().KeyExistsAsync(Keys.OfflineSession("p", Channels.Email)));

        await store.ApplyAsync(new PresenceChanged { ParticipantId = "p", Online = true, At = Now.AddMinutes(1) });
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(Keys.OfflineSession("p", Channels.Email)));
    }
}
