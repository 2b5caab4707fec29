using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>A channel switched off: what the table would have sent on it becomes a <c>channel-disabled</c> suppression.</summary>
public class ChannelSwitchRulesTests
{
    private static RoutingScenario HelpDesk() => new RoutingScenario()
        .User("user")
        .Agent("sales-online", online: true, department: "sales", push: true)
        .Agent("sales-offline", department: "sales", phone: "+15550100201", push: true)
        .Agent("sales-browser", online: true, department: "sales");

    [Fact]
    public void Sms_off_suppresses_the_planned_sms_and_leaves_the_other_channels()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Sms).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Recipients(Channels.Sms));
        Assert.Equal(["sales-offline"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Sms));
        Assert.Equal(["sales-browser", "sales-offline", "sales-online"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Push));
        Assert.All(decision.Suppressed, s => Assert.Equal("A1", s.Rule));
    }

    [Fact]
    public void Email_off_suppresses_every_planned_email()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Email).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Recipients(Channels.Email));
        Assert.Equal(["sales-browser", "sales-offline", "sales-online"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Email));
        Assert.Equal(["sales-offline"], decision.Recipients(Channels.Sms));
    }

    [Fact]
    public void Push_off_gives_online_recipients_with_devices_the_desktop_notification_instead()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Push).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Recipients(Channels.Push));
        Assert.Equal(["sales-offline", "sales-online"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Push));
        // Push replaces realtime only when push is sent; the offline agent has no browser to show it.
        Assert.Equal(["sales-browser", "sales-online"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_off_suppresses_the_desktop_notification_and_push_still_replaces_it()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Realtime).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Recipients(Channels.Realtime));
        Assert.Equal(["sales-browser"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Realtime));
        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Push));
    }

    [Fact]
    public void Every_channel_off_sends_nothing_and_says_so_per_channel()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Email, Channels.Sms, Channels.Push, Channels.Realtime).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Planned);
        Assert.All(decision.Suppressed, s => Assert.Equal(SuppressionReasons.ChannelDisabled, s.Reason));
        // 3 emails, 1 SMS, 2 push, and realtime for both online agents: with push off, it would have reached sales-online too.
        Assert.Equal(8, decision.Suppressed.Count);
    }

    [Fact]
    public void A_switched_off_channel_does_not_change_who_passes_the_presence_filter()
    {
        // A3 (offline only): the online agents get no email or push, whatever is switched off; their desktop notification stays.
        var decision = HelpDesk().SwitchedOff(Channels.Sms).Decide(FromUser());

        Assert.Equal(["sales-browser", "sales-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
        Assert.Equal(["sales-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Push));
        Assert.Equal(["sales-browser", "sales-online"], decision.Recipients(Channels.Realtime));
        Assert.Equal(["sales-offline"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Sms));
        Assert.Equal(["sales-offline"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void An_online_recipient_with_a_phone_is_suppressed_as_online_not_as_switched_off()
    {
        var decision = new RoutingScenario()
            .User("user")
            .Agent("agent", online: true, department: "sales", phone: "+15550100202")
            .SwitchedOff(Channels.Sms)
            .Decide(FromUser(department: "sales"));

        Assert.Equal(["agent"], decision.SuppressedFor(SuppressionReasons.RecipientOnline, Channels.Sms));
        Assert.Empty(decision.SuppressedFor(SuppressionReasons.ChannelDisabled));
    }

    [Fact]
    public void Bot_answered_still_suppresses_what_is_left_and_switched_off_channels_keep_their_reason()
    {
        var decision = HelpDesk().SwitchedOff(Channels.Sms).Decide(FromUser(department: "sales", takeover: true, botAnswered: true));

        Assert.Empty(decision.Planned);
        Assert.Equal(["sales-offline"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Sms));
        Assert.Contains("sales-offline", decision.SuppressedFor(SuppressionReasons.BotAnswered, Channels.Email));
    }

    [Fact]
    public void Nothing_switched_off_plans_as_before()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales"));

        Assert.Empty(decision.SuppressedFor(SuppressionReasons.ChannelDisabled));
        Assert.Equal(["sales-offline"], decision.Recipients(Channels.Sms));
        Assert.Equal(["sales-browser"], decision.Recipients(Channels.Realtime));
    }
}
