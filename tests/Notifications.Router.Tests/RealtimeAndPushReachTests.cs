using Notifications.Contracts;
using Notifications.Router.Routing;
using Notifications.SharedState.ProviderSettings;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>
/// The realtime row: every online recipient of every row gets the desktop notification, unless a push can actually
/// reach one of their devices with the providers in effect (the push sender's report).
/// </summary>
public class RealtimeAndPushReachTests
{
    private static RoutingScenario OnlineAgentWith(string platform) =>
        new RoutingScenario().User("user").Agent("agent", online: true, department: "d", push: true, pushPlatform: platform);

    [Fact]
    public void Realtime_IosOnlyRecipient_UnderBeamsAlone_KeepsTheDesktopNotification()
    {
        var scenario = OnlineAgentWith(PushPlatforms.Ios);
        scenario.PushReach = new PushReach(Ios: false, OtherPlatforms: true);

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Equal(["agent"], decision.Recipients(Channels.Push));
        Assert.Equal(["agent"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_AndroidRecipient_UnderBeams_PushReplacesIt()
    {
        var scenario = OnlineAgentWith(PushPlatforms.Android);
        scenario.PushReach = new PushReach(Ios: false, OtherPlatforms: true);

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Equal(["agent"], decision.Recipients(Channels.Push));
        Assert.Empty(decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_NoPushProvider_PushOnlyRecorded_KeepsTheDesktopNotification()
    {
        var scenario = OnlineAgentWith(PushPlatforms.Android);
        scenario.PushReach = PushReach.Nothing;

        Assert.Equal(["agent"], scenario.Decide(FromUser(department: "d")).Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_PushReachUnknown_KeepsTheDesktopNotification()
    {
        var scenario = OnlineAgentWith(PushPlatforms.Android);
        scenario.PushReach = null;

        Assert.Equal(["agent"], scenario.Decide(FromUser(department: "d")).Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_OnlineRecipientOfAnOfflineOnlyRow_GetsItEvenWithDevices()
    {
        // A4: no push (offline only), so nothing replaces the desktop notification.
        var decision = OnlineAgentWith(PushPlatforms.Android).Decide(FromUser(first: false, lastAgent: "agent"));

        Assert.Equal(["agent"], decision.Recipients(Channels.Realtime));
        Assert.Equal(["agent"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Push));
    }

    [Fact]
    public void Realtime_OfflineRecipient_NeverGetsIt()
    {
        var decision = new RoutingScenario().User("user").Agent("agent", department: "d").Decide(FromUser(department: "d"));

        Assert.Empty(decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void A6_BotAnswered_SuppressesTheDesktopNotificationToo()
    {
        var decision = OnlineAgentWith(PushPlatforms.Ios).Decide(FromUser(department: "d", takeover: true, botAnswered: true));

        Assert.Empty(decision.Planned);
    }
}
