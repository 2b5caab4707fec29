using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>
/// Row E1 ("Conversation continuity", notification-rules.md): a user's message unanswered for
/// <c>Routing:EscalateAfterSeconds</c> is decided again for the next tier alone.
/// </summary>
public class EscalationRowTests
{
    private static RoutingScenario HelpDesk() => new RoutingScenario()
        .User("user")
        .Agent("last", department: "billing")
        .Agent("colleague", department: "billing", phone: "+15550101")
        .Agent("colleague-online", online: true, department: "billing")
        .Agent("elsewhere", department: "sales");

    [Fact]
    public void E1_NotifiesTheTier_OfflineOnesByEmailAndSms_OnlineOnesByRealtime()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, lastAgent: "last"), escalationTier: ["colleague", "colleague-online"]);

        Assert.Equal(["colleague"], decision.Recipients(Channels.Email));
        Assert.Equal(["colleague"], decision.Recipients(Channels.Sms));
        Assert.Equal(["colleague-online"], decision.Recipients(Channels.Realtime));
        Assert.Equal(["colleague-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("E1", p.Rule));
    }

    [Fact]
    public void E1_IsTheOnlyRow_TheMessagesOwnRecipientsAreNotNotifiedAgain()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, lastAgent: "last") with { Mentions = ["elsewhere"] }, escalationTier: ["colleague"]);

        Assert.DoesNotContain(decision.Planned, p => p.Recipient.Id is "last" or "elsewhere");
        Assert.Equal(["colleague"], decision.Planned.Select(p => p.Recipient.Id).Distinct().ToArray());
    }

    [Fact]
    public void E1_IgnoresHumanTakeover_TheStretchIsUnansweredWhateverTheBotDid()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, lastAgent: "last", takeover: true), escalationTier: ["colleague"]);

        Assert.False(decision.AwaitBotOutcome);
        Assert.Equal(["colleague"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void E1_WithAnEmptyTier_SaysNobodyWasThereToTell()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, lastAgent: "last"), escalationTier: []);

        Assert.Empty(decision.Planned);
        var suppressed = Assert.Single(decision.Suppressed);
        Assert.Equal(("E1", SuppressionReasons.NoRecipients), (suppressed.Rule, suppressed.Reason));
    }
}
