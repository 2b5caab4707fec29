using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>One test per row of the spec's table (notification-rules.md), named after the row.</summary>
public class NotificationRulesTests
{
    private static RoutingScenario HelpDesk() => new RoutingScenario()
        .User("user")
        .Agent("sales-online", online: true, department: "sales")
        .Agent("sales-offline", department: "sales")
        .Agent("support-offline", department: "support")
        .Agent("support-online", online: true, department: "support");

    [Fact]
    public void A1_FirstMessage_WithDepartment_NotifiesOnlyThatDepartment_OnlineOrNot()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales"));

        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("A1", p.Rule));
    }

    [Fact]
    public void A1_WithFirstMessageOfflineOnly_NotifiesOnlyOfflineDepartmentAgents()
    {
        var scenario = HelpDesk();
        scenario.Options.FirstMessageOfflineOnly = true;

        var decision = scenario.Decide(FromUser(department: "sales"));

        Assert.Equal(["sales-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter));
        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void A2_FirstMessage_AssignedToAgent_NotifiesThatAgentOnly()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", assigned: "support-online"));

        Assert.Equal(["support-online"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal(("support-online", "A2"), (p.Recipient.Id, p.Rule)));
    }

    [Fact]
    public void A2_WithFirstMessageOfflineOnly_OnlineAssignedAgent_GetsOnlyTheDesktopNotification()
    {
        var scenario = HelpDesk();
        scenario.Options.FirstMessageOfflineOnly = true;

        var decision = scenario.Decide(FromUser(assigned: "support-online"));

        Assert.Equal(("support-online", Channels.Realtime), Assert.Single(decision.Planned) is var p ? (p.Recipient.Id, p.Channel) : default);
        Assert.Equal(["support-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
    }

    [Fact]
    public void A3_Unassigned_FirstMessage_NotifiesOnlyOfflineAgents()
    {
        var decision = HelpDesk().Decide(FromUser());

        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online", "support-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter));
        Assert.All(decision.Planned, p => Assert.Equal("A3", p.Rule));
    }

    [Fact]
    public void A4_LaterMessage_NotifiesLastAgent_WhenOffline()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, department: "sales", lastAgent: "support-offline"));

        Assert.Equal(["support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal("A4", Assert.Single(decision.Planned).Rule);
    }

    [Fact]
    public void A4_LaterMessage_LastAgentOnline_GetsTheDesktopNotificationOnly()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, department: "sales", lastAgent: "sales-online"));

        var realtime = Assert.Single(decision.Planned);
        Assert.Equal(("sales-online", Channels.Realtime, "A4"), (realtime.Recipient.Id, realtime.Channel, realtime.Rule));
        Assert.Equal(["sales-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
    }

    [Fact]
    public void A5_LaterMessage_NoAgentReplied_RoutesLikeFirstMessage()
    {
        var decision = HelpDesk().Decide(FromUser(first: false, department: "support"));

        Assert.Equal(["support-offline", "support-online"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("A5/A1", p.Rule));
    }

    [Fact]
    public void A5_LaterMessage_Unassigned_NoAgentReplied_NotifiesOfflineAgents()
    {
        var decision = HelpDesk().Decide(FromUser(first: false));

        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("A5/A3", p.Rule));
    }

    [Fact]
    public void A6_HumanTakeover_BotAnswered_SuppressesEmailSmsAndPush()
    {
        var scenario = HelpDesk().Agent("sales-phone", department: "sales", phone: "+15550001", push: true);

        var decision = scenario.Decide(FromUser(department: "sales", takeover: true, botAnswered: true));

        Assert.Empty(decision.Planned);
        Assert.Equal(["sales-offline", "sales-online", "sales-phone"], decision.SuppressedFor(SuppressionReasons.BotAnswered));
        Assert.Contains(decision.Suppressed, s => s.Channel == Channels.Sms && s.Rule == "A6");
        Assert.Contains(decision.Suppressed, s => s.Channel == Channels.Push && s.Rule == "A6");
    }

    [Fact]
    public void A6_HumanTakeover_BotOutcomeRecordedBeforeMessage_IsHonoured()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", takeover: true), botResolved: true);

        Assert.Empty(decision.Planned);
    }

    [Fact]
    public void A6_HumanTakeover_BotNotResolved_NotifiesAsUsual()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", takeover: true, botAnswered: false));

        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void A6_HumanTakeover_OutcomeUnknown_WaitsForTheBot()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", takeover: true));

        Assert.True(decision.AwaitBotOutcome);
        Assert.Empty(decision.Planned);
        Assert.Empty(decision.Suppressed);
    }

    [Fact]
    public void A6_HumanTakeover_NoOutcomeWithinGraceWindow_NotifiesAsUsual()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", takeover: true), graceElapsed: true);

        Assert.False(decision.AwaitBotOutcome);
        Assert.Equal(["sales-offline", "sales-online"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void A6_HumanTakeover_ResolvedAfterGraceElapsedIsStillHonoured()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales", takeover: true), botResolved: true, graceElapsed: true);

        Assert.Empty(decision.Planned);
        Assert.Equal(["sales-offline", "sales-online"], decision.SuppressedFor(SuppressionReasons.BotAnswered));
    }

    [Fact]
    public void A6_GraceWindowZero_NotifiesWithoutWaiting()
    {
        var scenario = HelpDesk();
        scenario.Options.TakeoverGraceSeconds = 0;

        var decision = scenario.Decide(FromUser(department: "sales", takeover: true));

        Assert.False(decision.AwaitBotOutcome);
        Assert.Equal(2, decision.Recipients(Channels.Email).Length);
    }

    [Fact]
    public void A6_AgentReplyInTakeoverConversation_DoesNotWaitForTheBot()
    {
        var message = FromAgent("sales-online") with { Conversation = FromAgent("sales-online").Conversation with { HumanTakeover = true } };

        var decision = HelpDesk().Decide(message);

        Assert.False(decision.AwaitBotOutcome);
        Assert.Equal(["user"], decision.Recipients(Channels.Email));
    }

    [Fact]
    public void A6_BotAnsweredWithoutTakeover_SuppressesOnlySms()
    {
        var scenario = HelpDesk().Agent("sales-phone", department: "sales", phone: "+15550001");

        var decision = scenario.Decide(FromUser(department: "sales", botAnswered: true));

        Assert.Equal(3, decision.Recipients(Channels.Email).Length);
        Assert.Empty(decision.Recipients(Channels.Sms));
        var sms = Assert.Single(decision.Suppressed, s => s.Channel == Channels.Sms);
        Assert.Equal(("sales-phone", "A1", SuppressionReasons.BotAnswered), (sms.RecipientId, sms.Rule, sms.Reason));
    }

    [Fact]
    public void A6_BotOutcomeResolvedWithoutTakeover_RecordedBeforeTheMessage_SuppressesSms()
    {
        var scenario = HelpDesk().Agent("sales-phone", department: "sales", phone: "+15550001");

        var decision = scenario.Decide(FromUser(department: "sales"), botResolved: true);

        Assert.Empty(decision.Recipients(Channels.Sms));
        Assert.Equal(3, decision.Recipients(Channels.Email).Length);
    }

    [Fact]
    public void U1_AgentReplies_UserOffline_NotifiesUser()
    {
        var decision = HelpDesk().Decide(FromAgent("sales-online"));

        var email = Assert.Single(decision.Planned);
        Assert.Equal(("user", "U1", true), (email.Recipient.Id, email.Rule, email.OncePerOfflineSession));
    }

    [Fact]
    public void U1_AgentReplies_UserOnline_GetsTheDesktopNotificationOnly()
    {
        var decision = new RoutingScenario().User("user", online: true, phone: "+15550009").Agent("a").Decide(FromAgent("a"));

        var realtime = Assert.Single(decision.Planned);
        Assert.Equal(("user", Channels.Realtime, "U1"), (realtime.Recipient.Id, realtime.Channel, realtime.Rule));
        Assert.Equal(["user"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
        Assert.Equal(["user"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Sms));
    }

    [Fact]
    public void U2_UserEmailAndSms_AreMarkedOncePerOfflineSession()
    {
        var decision = new RoutingScenario().User("user", phone: "+15550002").Agent("a").Decide(FromAgent("a"));

        Assert.Equal([Channels.Email, Channels.Sms], decision.Planned.Select(p => p.Channel).Order().ToArray());
        Assert.All(decision.Planned, p => Assert.True(p.OncePerOfflineSession));
    }

    [Fact]
    public void U2_AgentsAreNotLimitedToOnceASession()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales"));

        Assert.All(decision.Planned, p => Assert.False(p.OncePerOfflineSession));
    }

    [Fact]
    public void N1_BotMessage_NotifiesNobody()
    {
        var decision = HelpDesk().Decide(FromBot());

        Assert.Empty(decision.Planned);
    }

    [Fact]
    public void N1_BotMessage_IsOneSuppressionForTheUser()
    {
        var decision = HelpDesk().Decide(FromBot());

        var suppressed = Assert.Single(decision.Suppressed);
        Assert.Equal(("user", NotificationRules.AllChannels, "N1", SuppressionReasons.BotMessage),
            (suppressed.RecipientId, suppressed.Channel, suppressed.Rule, suppressed.Reason));
    }

    [Fact]
    public void N1_UsersOwnMessage_NeverNotifiesTheUser()
    {
        var decision = HelpDesk().Decide(FromUser());

        Assert.DoesNotContain("user", decision.Recipients(Channels.Email));
    }

    [Fact]
    public void N2_SenderIsNeverRecipient_EvenWhenTheRowNamesThem()
    {
        // An agent who is also the conversation's user (testing their own widget) replies.
        var decision = new RoutingScenario().Agent("a").Decide(FromAgent("a", userId: "a"));

        Assert.Empty(decision.Planned);
        Assert.Equal(["a"], decision.SuppressedFor(SuppressionReasons.SenderIsRecipient));
    }

    [Fact]
    public void Sms_OnlyForOfflineRecipientsWithPhone()
    {
        var scenario = new RoutingScenario().User("user")
            .Agent("offline-phone", department: "d", phone: "+15550003")
            .Agent("online-phone", online: true, department: "d", phone: "+15550004")
            .Agent("no-phone", department: "d");

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Equal(["offline-phone"], decision.Recipients(Channels.Sms));
        Assert.Equal(["online-phone"], decision.SuppressedFor(SuppressionReasons.RecipientOnline));
    }

    [Fact]
    public void Push_OnlyForRecipientsWithDevices()
    {
        var scenario = new RoutingScenario().User("user").Agent("with-device", department: "d", push: true).Agent("without", department: "d");

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Equal(["with-device"], decision.Recipients(Channels.Push));
    }

    [Fact]
    public void Email_RecipientWithoutAddress_IsSuppressedWithReason()
    {
        var scenario = new RoutingScenario().User("user").Agent("no-email", department: "d", email: null);

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Empty(decision.Planned);
        Assert.Equal(["no-email"], decision.SuppressedFor(SuppressionReasons.NoContactAddress));
    }

    [Fact]
    public void UnknownParticipant_FirstWaitsForTheDirectory()
    {
        var decision = HelpDesk().Decide(FromUser(assigned: "nobody-we-know"));

        Assert.True(decision.AwaitDirectory);
        Assert.Empty(decision.Planned);
        Assert.Empty(decision.Suppressed);
    }

    [Fact]
    public void UnknownAssignee_StillUnknownAfterTheWait_IsNotAnAgent_AndTheNextRowApplies()
    {
        var decision = HelpDesk().Decide(FromUser(assigned: "nobody-we-know"), directoryWaitElapsed: true);

        Assert.False(decision.AwaitDirectory);
        Assert.Equal(["nobody-we-know"], decision.SuppressedFor(SuppressionReasons.NotAnAgent));
        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.All(decision.Planned, p => Assert.Equal("A3", p.Rule));
    }

    [Fact]
    public void UnknownParticipant_WithTheDirectoryWaitSwitchedOff_IsSuppressedAtOnce()
    {
        var scenario = HelpDesk();
        scenario.Options.DirectoryWaitSeconds = 0;

        var decision = scenario.Decide(FromAgent("agent-1", userId: "user-not-yet-known"));

        Assert.False(decision.AwaitDirectory);
        Assert.Equal(["user-not-yet-known"], decision.SuppressedFor(SuppressionReasons.UnknownRecipient));
    }

    [Fact]
    public void OneUnknownAmongKnownRecipients_WaitsTooSoNobodyIsNotifiedTwice()
    {
        // The whole message waits: routing the known recipients now and the others later would decide it twice.
        var decision = new RoutingScenario().User("user").Agent("known", department: "d").Decide(FromUser(assigned: "not-yet"));

        Assert.True(decision.AwaitDirectory);
        Assert.Empty(decision.Planned);
    }

    [Fact]
    public void A6_BotAnswered_DoesNotWaitForTheDirectory_EverythingIsSuppressedAnyway()
    {
        var decision = HelpDesk().Decide(FromUser(assigned: "nobody-we-know", takeover: true, botAnswered: true));

        Assert.False(decision.AwaitDirectory);
    }

    [Fact]
    public void A1_DepartmentWithoutAgents_FirstWaitsForTheDirectory()
    {
        var decision = HelpDesk().Decide(FromUser(department: "empty"));

        Assert.True(decision.AwaitDirectory);
        Assert.Empty(decision.Suppressed);
    }

    [Fact]
    public void A1_DepartmentWithoutAgents_FallsBackToA3()
    {
        var decision = HelpDesk().Decide(FromUser(department: "empty"), directoryWaitElapsed: true);

        Assert.False(decision.AwaitDirectory);
        Assert.Equal(["sales-offline", "support-offline"], decision.Recipients(Channels.Email));
        Assert.Equal(["sales-online", "support-online"], decision.Recipients(Channels.Realtime));
        Assert.All(decision.Planned, p => Assert.Equal("A3", p.Rule));
        var skipped = Assert.Single(decision.Suppressed, s => s.Reason == SuppressionReasons.DepartmentWithoutAgents);
        Assert.Equal((NotificationRules.NoRecipient, NotificationRules.AllChannels, "A1"), (skipped.RecipientId, skipped.Channel, skipped.Rule));
    }

    [Fact]
    public void A1_DepartmentWithoutAgents_ReadWithoutEveryAgent_AsksForThemFirst()
    {
        var decision = HelpDesk().Decide(FromUser(department: "empty"), directoryWaitElapsed: true, everyAgentLoaded: false);

        Assert.True(decision.NeedsEveryAgent);
        Assert.Empty(decision.Planned);
        Assert.Empty(decision.Suppressed);
    }

    [Fact]
    public void A3_NoAgentsAtAll_FirstWaitsForTheDirectory()
    {
        var decision = new RoutingScenario().User("user").Decide(FromUser(department: "empty"));

        Assert.True(decision.AwaitDirectory);
        Assert.Empty(decision.Suppressed);
    }

    [Fact]
    public void A3_NoAgentsAtAll_IsSuppressedAsNoRecipients()
    {
        var decision = new RoutingScenario().User("user").Decide(FromUser(first: false), directoryWaitElapsed: true);

        Assert.Empty(decision.Planned);
        var suppressed = Assert.Single(decision.Suppressed);
        Assert.Equal(("A5/A3", SuppressionReasons.NoRecipients), (suppressed.Rule, suppressed.Reason));
    }

    [Fact]
    public void OfflineFilter_SuppressesEachChannelTheRecipientHasAnAddressFor_AndKeepsRealtime()
    {
        var scenario = new RoutingScenario().User("user")
            .Agent("online-no-email", online: true, email: null)
            .Agent("online-phone-push", online: true, phone: "+15550005", push: true);

        var decision = scenario.Decide(FromUser());

        Assert.Equal(["online-no-email", "online-phone-push"], decision.Recipients(Channels.Realtime));
        Assert.Equal(2, decision.Planned.Count);
        Assert.All(decision.Suppressed, s => Assert.Equal(("online-phone-push", SuppressionReasons.OfflineFilter), (s.RecipientId, s.Reason)));
        Assert.Equal([Channels.Email, Channels.Push, Channels.Sms], decision.Suppressed.Select(s => s.Channel).Order().ToArray());
    }

    [Fact]
    public void Realtime_OnlineRecipientWithoutPush_GetsDesktopNotification()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales"));

        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_PushReplacesDesktopNotification_ForOnlineRecipientWithDevices()
    {
        var scenario = new RoutingScenario().User("user").Agent("online-with-device", online: true, department: "d", push: true);

        var decision = scenario.Decide(FromUser(department: "d"));

        Assert.Equal(["online-with-device"], decision.Recipients(Channels.Push));
        Assert.Empty(decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_OfflineOnlyRows_GiveOnlineRecipientsTheDesktopNotification()
    {
        var unassigned = HelpDesk().Decide(FromUser());
        var later = HelpDesk().Decide(FromUser(first: false, lastAgent: "sales-online"));
        var reply = new RoutingScenario().User("user", online: true).Agent("a").Decide(FromAgent("a"));

        Assert.Equal(["sales-online", "support-online"], unassigned.Recipients(Channels.Realtime));
        Assert.Equal(["sales-online"], later.Recipients(Channels.Realtime));
        Assert.Equal(["user"], reply.Recipients(Channels.Realtime));
    }

    [Fact]
    public void Realtime_NeverForOfflineRecipients()
    {
        var decision = HelpDesk().Decide(FromUser(department: "sales"));

        Assert.Equal(["sales-online"], decision.Recipients(Channels.Realtime));
    }

    [Fact]
    public void CancelIfRead_OfflineOnlyRows_MarkTheirEmailsOnlyWhileOffline()
    {
        var unassigned = HelpDesk().Decide(FromUser());
        var department = HelpDesk().Decide(FromUser(department: "sales"));
        var reply = HelpDesk().Decide(FromAgent("sales-online"));

        Assert.All(unassigned.Planned.Where(p => p.Channel == Channels.Email), p => Assert.True(p.OnlyWhileOffline));
        Assert.All(reply.Planned.Where(p => p.Channel == Channels.Email), p => Assert.True(p.OnlyWhileOffline));
        Assert.All(department.Planned.Where(p => p.Channel == Channels.Email), p => Assert.False(p.OnlyWhileOffline));
    }
}
