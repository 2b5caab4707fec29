using Notifications.Contracts;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>"Internal notes and mentions" (notification-rules.md): rows I1 and M1.</summary>
public class NotesAndMentionsTests
{
    private static RoutingScenario HelpDesk() => new RoutingScenario()
        .User("user", phone: "+15550100")
        .Agent("writer", online: true)
        .Agent("assignee", phone: "+15550101")
        .Agent("last-online", online: true)
        .Agent("bystander")
        .Agent("bystander-online", online: true);

    [Fact]
    public void I1_InternalNote_NotifiesAssigneeAndLastAgent_NeverTheUser()
    {
        var decision = HelpDesk().Decide(NoteFrom("writer", assigned: "assignee", lastAgent: "last-online"));

        Assert.Equal(["assignee"], decision.Recipients(Channels.Email));
        Assert.Equal(["assignee"], decision.Recipients(Channels.Sms));
        Assert.Equal(["last-online"], decision.Recipients(Channels.Realtime));
        Assert.DoesNotContain(decision.Planned, p => p.Recipient.Id == "user");
        Assert.DoesNotContain(decision.Suppressed, s => s.RecipientId == "user");
        Assert.All(decision.Planned, p => Assert.Equal("I1", p.Rule));
    }

    [Fact]
    public void I1_OnlineRecipient_OfflineOnlyForEmailSmsAndPush()
    {
        var decision = HelpDesk().Decide(NoteFrom("writer", assigned: "last-online"));

        Assert.Equal(["last-online"], decision.Recipients(Channels.Realtime));
        Assert.Empty(decision.Recipients(Channels.Email));
        Assert.Equal(["last-online"], decision.SuppressedFor(SuppressionReasons.OfflineFilter, Channels.Email));
    }

    [Fact]
    public void I1_N2_TheNoteWriterIsNotNotifiedOfTheirOwnNote()
    {
        var decision = HelpDesk().Decide(NoteFrom("assignee", assigned: "assignee", lastAgent: "bystander"));

        Assert.Equal(["bystander"], decision.Recipients(Channels.Email));
        Assert.Equal(["assignee"], decision.SuppressedFor(SuppressionReasons.SenderIsRecipient));
    }

    [Fact]
    public void I1_NoteWithNobodyToTell_SaysSo()
    {
        var decision = HelpDesk().Decide(NoteFrom("writer"));

        Assert.Empty(decision.Planned);
        var suppressed = Assert.Single(decision.Suppressed);
        Assert.Equal(("I1", SuppressionReasons.NoRecipients), (suppressed.Rule, suppressed.Reason));
    }

    [Fact]
    public void I1_AssigneeIsNotAnAgent_IsSuppressed_TheLastAgentStillNotified()
    {
        var decision = HelpDesk().RemovedAgent("gone").Decide(NoteFrom("writer", assigned: "gone", lastAgent: "bystander"));

        Assert.Equal(["bystander"], decision.Recipients(Channels.Email));
        Assert.Equal(["gone"], decision.SuppressedFor(SuppressionReasons.AgentRemoved));
    }

    [Fact]
    public void M1_Mention_NotifiesTheMentionedAgent_WhateverTheAssignment()
    {
        var message = FromAgent("writer") with { Mentions = ["bystander", "bystander-online"] };

        var decision = HelpDesk().Decide(message);

        Assert.Equal(["bystander", "user"], decision.Recipients(Channels.Email));
        Assert.Equal(["bystander-online"], decision.Recipients(Channels.Realtime));
        Assert.All(decision.Planned.Where(p => p.Recipient.Id != "user"), p => Assert.Equal("M1", p.Rule));
        Assert.Equal("U1", decision.Planned.Single(p => p.Recipient.Id == "user" && p.Channel == Channels.Email).Rule);
    }

    [Fact]
    public void M1_MentionInAnInternalNote_IsOneNotificationPerRecipient()
    {
        var message = NoteFrom("writer", assigned: "assignee") with { Mentions = ["assignee", "bystander"] };

        var decision = HelpDesk().Decide(message);

        Assert.Equal(["assignee", "bystander"], decision.Recipients(Channels.Email));
        Assert.Equal("I1", decision.Planned.Single(p => p.Recipient.Id == "assignee" && p.Channel == Channels.Email).Rule);
        Assert.Equal("M1", decision.Planned.Single(p => p.Recipient.Id == "bystander").Rule);
    }

    [Fact]
    public void M1_N2_MentioningYourself_NotifiesNobody()
    {
        var decision = HelpDesk().Decide(NoteFrom("writer") with { Mentions = ["writer"] });

        Assert.Empty(decision.Planned);
        Assert.Equal(["writer"], decision.SuppressedFor(SuppressionReasons.SenderIsRecipient));
    }

    [Fact]
    public void M1_MentionOfAUser_IsNotAnAgent()
    {
        var decision = HelpDesk().Decide(NoteFrom("writer", assigned: "assignee") with { Mentions = ["user"] });

        Assert.Equal(["user"], decision.SuppressedFor(SuppressionReasons.NotAnAgent));
        Assert.DoesNotContain(decision.Planned, p => p.Recipient.Id == "user");
    }

    [Fact]
    public void M1_UnknownMention_WaitsForTheDirectoryOnce()
    {
        var message = FromAgent("writer") with { Mentions = ["new-agent"] };

        Assert.True(HelpDesk().Decide(message).AwaitDirectory);
        Assert.Equal(["new-agent"], HelpDesk().Decide(message, directoryWaitElapsed: true).SuppressedFor(SuppressionReasons.NotAnAgent));
    }

    [Fact]
    public void M1_InAUsersMessage_NotifiesBesideTheAgentRow()
    {
        var scenario = HelpDesk().Agent("sales", department: "sales");

        var decision = scenario.Decide(FromUser(department: "sales") with { Mentions = ["bystander"] });

        Assert.Equal(["bystander", "sales"], decision.Recipients(Channels.Email));
    }
}
