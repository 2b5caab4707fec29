using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>The recipient's own word (PreferenceFilter): a channel turned off or opted out of is <c>opted-out</c>, a muted conversation <c>muted</c>.</summary>
public class PreferenceRulesTests
{
    private static RoutingScenario Sales() => new RoutingScenario()
        .User("user")
        .Agent("kim", department: "sales", phone: "+15550100201", push: true)
        .Agent("lee", department: "sales", phone: "+15550100202");

    [Fact]
    public void A_channel_turned_off_in_the_preferences_is_suppressed_as_opted_out_and_the_others_still_go()
    {
        var decision = Sales().Prefers("kim", new ParticipantPreferences { Channels = new ChannelPreferences { Sms = false } })
            .Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.OptedOut, Channels.Sms));
        Assert.Equal(["lee"], decision.Recipients(Channels.Sms));
        Assert.Equal(["kim", "lee"], decision.Recipients(Channels.Email));
        Assert.Equal(["kim"], decision.Recipients(Channels.Push));
        Assert.All(decision.Suppressed, s => Assert.Equal("A1", s.Rule));
    }

    [Fact]
    public void A_channel_left_out_or_true_is_allowed()
    {
        var decision = Sales().Prefers("kim", new ParticipantPreferences { Channels = new ChannelPreferences { Email = true } })
            .Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Suppressed);
        Assert.Equal(["kim", "lee"], decision.Recipients(Channels.Sms));
    }

    [Fact]
    public void A_stored_opt_out_suppresses_the_channel_even_when_the_preferences_say_true()
    {
        // An unsubscribe that came after the platform's last upsert wins until the platform sends true again (which clears it in the store).
        var decision = Sales().Prefers("kim", new ParticipantPreferences { Channels = new ChannelPreferences { Email = true } })
            .OptedOut("kim", Channels.Email)
            .Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.OptedOut, Channels.Email));
        Assert.Equal(["lee"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void A_user_who_unsubscribed_gets_no_email_from_row_U1()
    {
        var decision = new RoutingScenario().User("user").Agent("kim", online: true).OptedOut("user", Channels.Email)
            .Decide(FromAgent("kim"));

        Assert.Empty(decision.Recipients(Channels.Email));
        Assert.Equal(["user"], decision.SuppressedFor(SuppressionReasons.OptedOut, Channels.Email));
    }

    [Fact]
    public void A_muted_conversation_notifies_the_recipient_on_no_channel_not_even_the_desktop_notification()
    {
        var decision = new RoutingScenario()
            .User("user")
            .Agent("kim", online: true, department: "sales")
            .Agent("lee", department: "sales", phone: "+15550100202", push: true)
            .Prefers("kim", new ParticipantPreferences { MutedConversationIds = ["c1"] })
            .Prefers("lee", new ParticipantPreferences { MutedConversationIds = ["c1"] })
            .Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Planned);
        Assert.Equal(["kim", "lee"], decision.SuppressedFor(SuppressionReasons.Muted, Channels.Email));
        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.Muted, Channels.Realtime));
        Assert.Equal(["lee"], decision.SuppressedFor(SuppressionReasons.Muted, Channels.Sms));
        Assert.Equal(["lee"], decision.SuppressedFor(SuppressionReasons.Muted, Channels.Push));
    }

    [Fact]
    public void Muting_another_conversation_changes_nothing()
    {
        var decision = Sales().Prefers("kim", new ParticipantPreferences { MutedConversationIds = ["c2"] }).Decide(FromUser(department: "sales"));

        Assert.Empty(decision.Suppressed);
        Assert.Equal(["kim", "lee"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void Push_opted_out_keeps_the_desktop_notification_of_an_online_recipient()
    {
        var decision = new RoutingScenario().User("user").Agent("kim", online: true, department: "sales", push: true)
            .OptedOut("kim", Channels.Push)
            .Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.OptedOut, Channels.Push));
        Assert.Equal(["kim"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void An_operator_switch_comes_before_the_preference()
    {
        var decision = Sales().SwitchedOff(Channels.Sms).OptedOut("kim", Channels.Sms).Decide(FromUser(department: "sales"));

        Assert.Equal(["kim", "lee"], decision.SuppressedFor(SuppressionReasons.ChannelDisabled, Channels.Sms));
        Assert.Empty(decision.SuppressedFor(SuppressionReasons.OptedOut));
    }
}
