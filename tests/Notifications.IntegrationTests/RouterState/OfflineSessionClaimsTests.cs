using Notifications.Contracts;
using Notifications.Router.Routing;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>
/// U2 for platforms that only write heartbeats: a heartbeat after the claim ends the offline session, even when
/// the devices sorted set has been emptied since (trimmed, or the device removed on disconnect).
/// </summary>
[Trait("Category", "Integration")]
public sealed class OfflineSessionClaimsTests : RouterRedisTest
{
    [Fact]
    public async Task SecondNotificationInTheSameOfflineSession_IsRefused_ButItsOwnRedeliveryIsNot()
    {
        var claims = new OfflineSessionClaims(Redis, Keys, TimeProvider.System);

        Assert.True(await claims.TryClaimAsync("u", Channels.Email, "n-1"));
        Assert.False(await claims.TryClaimAsync("u", Channels.Email, "n-2"));
        Assert.True(await claims.TryClaimAsync("u", Channels.Email, "n-1"));
    }

    [Theory]
    [InlineData("trimmed")]
    [InlineData("removed")]
    public async Task HeartbeatAfterTheClaim_EndsTheSession_EvenOnceTheDeviceIsGone(string howGone)
    {
        var claims = new OfflineSessionClaims(Redis, Keys, TimeProvider.System);
        Assert.True(await claims.TryClaimAsync("u", Channels.Email, "n-1"));
        await Task.Delay(5);

        // The heartbeat as docs/presence-and-directory.md tells the platform to write it, then the device goes.
        var db = Redis.GetDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var heartbeat = db.CreateTransaction();
        _ = heartbeat.SortedSetAddAsync(Keys.PresenceDevices("u"), "browser", now + 30_000);
        _ = heartbeat.StringSetAsync(Keys.PresenceLastSeen("u"), now);
        Assert.True(await heartbeat.ExecuteAsync());
        if (howGone == "trimmed")
            await db.SortedSetRemoveRangeByScoreAsync(Keys.PresenceDevices("u"), double.NegativeInfinity, now + 30_001);
        else
            await db.SortedSetRemoveAsync(Keys.PresenceDevices("u"), "browser");
        Assert.Equal(0, await db.SortedSetLengthAsync(Keys.PresenceDevices("u")));

        Assert.True(await claims.TryClaimAsync("u", Channels.Email, "n-2"));
        Assert.False(await claims.TryClaimAsync("u", Channels.Email, "n-3"));
    }

    [Fact]
    public async Task HeartbeatBeforeTheClaim_DoesNotEndTheSession()
    {
        var db = Redis.GetDatabase();
        await db.StringSetAsync(Keys.PresenceLastSeen("u"), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        var claims = new OfflineSessionClaims(Redis, Keys, TimeProvider.System);

        Assert.True(await claims.TryClaimAsync("u", Channels.Sms, "n-1"));
        Assert.False(await claims.TryClaimAsync("u", Channels.Sms, "n-2"));
    }
}
