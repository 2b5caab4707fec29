using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>
/// "Who counts as an agent" (notification-rules.md): the ids rows A4 and A2 take from the conversation must name an
/// agent the directory knows; otherwise the row is skipped with the reason and the next row applies (A4 -> A2 -> A1 -> A3).
/// </summary>
public class AgentRowsTests
{
    private static RoutingScenario HelpDesk() => new RoutingScenario()
        .User("user")
        .User("other-customer")
        .Agent("sales-online", online: true, department: "sales")
        .Agent("sales-offline", department: "sales")
        .Agent("support-offline", department: "support");

    [Fact]
    public void A4_LastAgentIsAUser_IsNotAnAgent_AndA1Applies()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, department: "sales", lastAgent: "other-customer"));

        Assert.Equal(["other-customer"], decision.SuppressedFor(SuppressionReasons.NotAnAgent));
        Assert.DoesNotContain("other-customer", decision.Planned.Select(p => p.Recipient.Id));
        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("A5/A1", p.Rule));
        Assert.Equal("A4", Assert.Single(decision.Suppressed).Rule);
    }

    [Fact]
    public void A4_LastAgentRemoved_IsAgentRemoved_AtOnce_AndA2Applies()
    {
        var decision = HelpDesk().RemovedAgent("gone").Decide(FromUser(first: false, assigned: "support-offline", lastAgent: "gone"));

        Assert.False(decision.AwaitDirectory);
        Assert.Equal(["gone"], decision.SuppressedFor(SuppressionReasons.AgentRemoved));
        Assert.Equal(["support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal("A5/A2", decision.Planned[0].Rule);
    }

    [Fact]
    public void A4_LastAgentIsTheBot_FirstWaitsForTheDirectory_ThenFallsThrough()
    {
        var message = FromUser(first: false, department: "support", lastAgent: "bot");

        Assert.True(HelpDesk().Decide(message).AwaitDirectory);

        var decision = HelpDesk().Decide(message, directoryWaitElapsed: true);
        Assert.Equal(["bot"], decision.SuppressedFor(SuppressionReasons.NotAnAgent));
        Assert.Equal(["support-offline"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void A2_AssigneeIsAUser_IsNotAnAgent_AndA1Applies()
    {
        var decision = HelpDesk().Decide(FromUser(department: "support", assigned: "other-customer"));

        Assert.Equal(["other-customer"], decision.SuppressedFor(SuppressionReasons.NotAnAgent));
        Assert.Equal(["support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal("A1", decision.Planned[0].Rule);
    }

    [Fact]
    public void A2_RemovedAssignee_WithoutDepartment_FallsBackToA3()
    {
        var decision = HelpDesk().RemovedAgent("gone").Decide(FromUser(assigned: "gone"));

        Assert.Equal(["gone"], decision.SuppressedFor(SuppressionReasons.AgentRemoved));
        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void A4_AgainstA2_TheLastAgentWinsForALaterMessage()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, assigned: "sales-offline", lastAgent: "support-offline"));

        var email = Assert.Single(decision.Planned);
        Assert.Equal(("support-offline", "A4"), (email.Recipient.Id, email.Rule));
    }

    [Fact]
    public void A5_ViaA2_LaterMessageWithoutLastAgent_NotifiesTheAssignee()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, department: "sales", assigned: "support-offline"));

        var email = Assert.Single(decision.Planned);
        Assert.Equal(("support-offline", "A5/A2"), (email.Recipient.Id, email.Rule));
    }

    [Fact]
    public void A4_FirstMessageCarryingALastAgent_IsNotA4()
    {
        // A conversation reopened by the platform as new: its first message follows A2/A1, not the old last agent.
        var decision = HelpDesk().Decide(FromUser(first: true, department: "support", lastAgent: "sales-offline"));

        Assert.Equal(["support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal("A1", decision.Planned[0].Rule);
    }

    [Fact]
    public void A5_WithFirstMessageOfflineOnly_KeepsTheSwitch()
    {
        var scenario = HelpDesk();
        scenario.Options.FirstMessageOfflineOnly = true;

        var decision = scenario.Decide(FromUser(first: false, department: "sales"));

        Assert.Equal(["sales-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
        Assert.All(decision.Planned, p => Assert.Equal("A5/A1", p.Rule));
    }

    [Fact]
    public void A1_AgentInSeveralDepartments_IsNotifiedForEachOfThem()
    {
        var scenario = HelpDesk().Agent("both", departments: ["sales", "support"]);

        Assert.Contains("both", scenario.Decide(FromUser(department: "sales")).Recipients(Channels.Email));
        Assert.Contains("both", scenario.Decide(FromUser(department: "support")).Recipients(Channels.Email));
    }

    [Fact]
    public void A1_NonAgentIdsNeverReachTheRows_TheCustomerIsNeverLeftWithNobody()
    {
        // Every id in the conversation is wrong: still, every agent hears of the message.
        var decision = HelpDesk().RemovedAgent("gone").Decide(FromUser(first: false, department: "empty", assigned: "other-customer", lastAgent: "gone"),
            directoryWaitElapsed: true);

        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
        Assert.Equal([SuppressionReasons.AgentRemoved, SuppressionReasons.DepartmentWithoutAgents, SuppressionReasons.NotAnAgent],
            decision.Suppressed.Where(s => s.Reason != SuppressionReasons.OfflineFilter).Select(s => s.Reason).Order().ToArray());
    }
}
