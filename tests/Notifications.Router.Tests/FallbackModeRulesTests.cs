using Microsoft.Extensions.Configuration;
using Notifications.Contracts;
using Notifications.Router.Fallback;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>
/// The channel table with <c>Sms:Mode</c> and <c>Push:Mode</c>: in Fallback mode an SMS or push is held beside an email
/// that goes out, and goes out at once when no email can (no address, opted out, the address bounced, email switched off).
/// </summary>
public class FallbackModeRulesTests
{
    private static RoutingScenario Sales(ChannelMode sms = ChannelMode.Fallback, ChannelMode push = ChannelMode.Always)
    {
        var scenario = new RoutingScenario()
            .User("user")
            .Agent("kim", department: "sales", phone: "+15550100201", push: true)
            .Agent("lee", department: "sales", phone: "+15550100202", email: null);
        scenario.Options.SmsMode = sms;
        scenario.Options.PushMode = push;
        return scenario;
    }

    private static string[] Held(RoutingDecision decision, string channel) =>
        decision.Planned.Where(p => p.Channel == channel && p.HeldForFallback).Select(p => p.Recipient.Id).Order().ToArray();

    private static string[] SentNow(RoutingDecision decision, string channel) =>
        decision.Planned.Where(p => p.Channel == channel && !p.HeldForFallback).Select(p => p.Recipient.Id).Order().ToArray();

    [Fact]
    public void Always_the_default_sends_sms_and_push_beside_the_email()
    {
        var decision = Sales(sms: ChannelMode.Always).Decide(FromUser(department: "sales"));

        Assert.Equal(["kim", "lee"], SentNow(decision, Channels.Sms));
        Assert.Equal(["kim"], SentNow(decision, Channels.Push));
        Assert.DoesNotContain(decision.Planned, p => p.HeldForFallback);
    }

    [Fact]
    public void Fallback_sms_is_held_beside_an_email_and_sent_at_once_to_a_recipient_without_email()
    {
        var decision = Sales().Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], SentNow(decision, Channels.Email));
        Assert.Equal(["kim"], Held(decision, Channels.Sms));
        // lee has no email address: the SMS is the only way to reach them.
        Assert.Equal(["lee"], SentNow(decision, Channels.Sms));
        Assert.Equal(["kim"], SentNow(decision, Channels.Push));
        Assert.DoesNotContain(decision.Suppressed, s => s.Channel == Channels.Sms);
    }

    [Fact]
    public void Fallback_push_is_held_and_the_online_recipient_keeps_the_desktop_notification()
    {
        // A1 notifies online agents too: the held push cannot replace the desktop notification.
        var scenario = new RoutingScenario().User("user").Agent("kim", online: true, department: "sales", push: true);
        scenario.Options.PushMode = ChannelMode.Fallback;

        var decision = scenario.Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], Held(decision, Channels.Push));
        Assert.Equal(["kim"], SentNow(decision, Channels.Realtime));
    }

    [Theory]
    [InlineData("opted-out")]
    [InlineData("address-bounced")]
    [InlineData("channel-disabled")]
    public void Fallback_sms_goes_out_at_once_when_the_email_cannot(string why)
    {
        var scenario = Sales();
        _ = why switch
        {
            SuppressionReasons.OptedOut => scenario.OptedOut("kim", Channels.Email),
            SuppressionReasons.AddressBounced => scenario.Bounced("kim", Channels.Email),
            _ => scenario.SwitchedOff(Channels.Email),
        };

        var decision = scenario.Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(why, Channels.Email));
        Assert.Equal(["kim", "lee"], SentNow(decision, Channels.Sms));
        Assert.Empty(Held(decision, Channels.Sms));
    }

    [Fact]
    public void A_bounced_address_is_suppressed_as_address_bounced_and_the_other_channels_still_go()
    {
        var decision = Sales(sms: ChannelMode.Always).Bounced("kim", Channels.Email).Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.AddressBounced, Channels.Email));
        Assert.Empty(decision.Recipients(Channels.Email));
        Assert.Equal(["kim", "lee"], decision.Recipients(Channels.Sms));
    }

    [Fact]
    public void An_opt_out_is_reported_before_a_bounce()
    {
        var decision = Sales().OptedOut("kim", Channels.Email).Bounced("kim", Channels.Email).Decide(FromUser(department: "sales"));

        Assert.Equal(["kim"], decision.SuppressedFor(SuppressionReasons.OptedOut, Channels.Email));
        Assert.Empty(decision.SuppressedFor(SuppressionReasons.AddressBounced));
    }

    [Fact]
    public void A_held_sms_is_still_suppressed_when_the_bot_answered()
    {
        var decision = Sales().Decide(FromUser(department: "sales", botAnswered: true));

        Assert.Empty(decision.Recipients(Channels.Sms));
        Assert.Equal(["kim", "lee"], decision.SuppressedFor(SuppressionReasons.BotAnswered, Channels.Sms));
    }

    [Fact]
    public void Row_U1_holds_the_users_sms_beside_their_email()
    {
        var scenario = new RoutingScenario().User("user", phone: "+15550100300").Agent("kim", online: true);
        scenario.Options.SmsMode = ChannelMode.Fallback;

        var decision = scenario.Decide(FromAgent("kim"));

        Assert.Equal(["user"], SentNow(decision, Channels.Email));
        Assert.Equal(["user"], Held(decision, Channels.Sms));
    }

    [Theory]
    [InlineData(null, null, ChannelMode.Always, ChannelMode.Always)]
    [InlineData("Fallback", "always", ChannelMode.Fallback, ChannelMode.Always)]
    [InlineData(" fallback ", "Fallback", ChannelMode.Fallback, ChannelMode.Fallback)]
    public void The_modes_are_read_from_each_channels_section(string? sms, string? push, ChannelMode expectedSms, ChannelMode expectedPush)
    {
        var (options, problems) = Read(sms, push);

        Assert.Empty(problems);
        Assert.Equal(expectedSms, options.SmsMode);
        Assert.Equal(expectedPush, options.PushMode);
    }

    [Theory]
    [InlineData("Sometimes", null, "Sms:Mode must be Always or Fallback, not 'Sometimes'.")]
    [InlineData(null, "1", "Push:Mode must be Always or Fallback, not '1'.")]
    public void A_mode_that_is_neither_is_refused_naming_its_key(string? sms, string? push, string expected)
    {
        var (_, problems) = Read(sms, push);

        Assert.Equal([expected], problems);
    }

    private static (RoutingOptions Options, IReadOnlyList<string> Problems) Read(string? sms, string? push)
    {
        var values = new Dictionary<string, string?>();
        if (sms is not null) values["Sms:Mode"] = sms;
        if (push is not null) values["Push:Mode"] = push;
        var setup = new ChannelModeSetup(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var options = new RoutingOptions();
        setup.Configure(options);
        var result = setup.Validate(null, options);
        return (options, result.Failures?.ToList() ?? []);
    }
}
