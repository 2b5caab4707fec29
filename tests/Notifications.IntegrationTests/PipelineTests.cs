using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// A chat message published on the real broker becomes real emails (in-process SMTP server), SMS requests
/// (Twilio stub) and push requests (OneSignal stub), through the real router and senders.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PipelineTests(PipelineFixture pipeline)
{
    /// <summary>After the expected emails arrived, how long to keep watching for unexpected extra ones.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A1_FirstMessage_WithDepartment_EmailsEveryAgentOfThatDepartment()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);

        var emails = await PublishAndCollectEmailsAsync(message, expected: 2);

        Assert.Equal([EmailOf(SalesOffline), EmailOf(SalesOnline)], Recipients(emails));
        Assert.All(emails, email => AssertAboutMessage(email, message));
    }

    [Fact]
    public async Task A1_SmsAndPush_ReachTheProviders_ForTheOfflineAgentWithPhoneAndDevice()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);

        await PublishAndCollectEmailsAsync(message, expected: 2);

        var sms = await SingleProviderRequestAsync(r =>
            r.Path.EndsWith("/Messages.json") && QueryHelpers.ParseQuery(r.Body)["Body"].ToString().Contains(message.Text));
        Assert.Equal($"/2010-04-01/Accounts/{PipelineFixture.TwilioAccountSid}/Messages.json", sms.Path);
        var form = QueryHelpers.ParseQuery(sms.Body);
        Assert.Equal(SalesOfflinePhone, form["To"].ToString());
        Assert.Equal(PipelineFixture.TwilioFrom, form["From"].ToString());
        Assert.Contains(message.Text, form["Body"].ToString());

        var push = await SingleProviderRequestAsync(r => r.Path.EndsWith("/notifications") && r.Body.Contains(message.MessageId));
        Assert.Contains($"\"{SalesOffline}\"", push.Body);
        Assert.Contains(PipelineFixture.OneSignalAppId, push.Body);
        Assert.DoesNotContain(SalesOnline, push.Body);
    }

    [Fact]
    public async Task A2_FirstMessage_AssignedAgent_EmailsOnlyThatAgent_EvenWhenOnline()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales", AssignedAgentId = Assigned }, first: true);

        var emails = await PublishAndCollectEmailsAsync(message, expected: 1);

        Assert.Equal([EmailOf(Assigned)], Recipients(emails));
        AssertAboutMessage(emails[0], message);
    }

    [Fact]
    public async Task A3_FirstMessage_Unassigned_EmailsOnlyOfflineAgents()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User }, first: true);

        var emails = await PublishAndCollectEmailsAsync(message, expected: OfflineAgents.Length);

        Assert.Equal(OfflineAgents.Select(EmailOf).Order(), Recipients(emails));
        Assert.All(emails, email => AssertAboutMessage(email, message));
    }

    [Fact]
    public async Task A4_LaterMessage_EmailsTheLastAgent_WhenOffline()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales", LastAgentId = LastAgent }, first: false);

        var emails = await PublishAndCollectEmailsAsync(message, expected: 1);

        Assert.Equal([EmailOf(LastAgent)], Recipients(emails));
        AssertAboutMessage(emails[0], message);
    }

    [Fact]
    public async Task U1_AgentReply_EmailsTheOfflineUser_OncePerOfflineSession()
    {
        await pipeline.StartOfflineSessionAsync(User);
        var conversation = new ConversationInfo { UserId = User, LastAgentId = LastAgent };
        var reply = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);

        var emails = await PublishAndCollectEmailsAsync(reply, expected: 1);

        Assert.Equal([EmailOf(User)], Recipients(emails));
        AssertAboutMessage(emails[0], reply);
        Assert.Contains("Ada Lovelace", emails[0].To.Mailboxes.Single().Name);

        // U2: a second reply in the same offline session sends no second email.
        var second = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);
        Assert.Empty(await PublishAndCollectEmailsAsync(second, expected: 0));

        // Back online and offline again: a new session, a new email.
        await pipeline.StartOfflineSessionAsync(User);
        var third = Message(LastAgent, ParticipantRoles.Agent, conversation, first: false);
        Assert.Equal([EmailOf(User)], Recipients(await PublishAndCollectEmailsAsync(third, expected: 1)));
    }

    private async Task<List<MimeMessage>> PublishAndCollectEmailsAsync(MessagePosted message, int expected)
    {
        await pipeline.Platform.Publish(message);
        List<MimeMessage> About() => pipeline.Smtp.Messages.Where(m => (m.TextBody ?? "").Contains(message.Text)).ToList();

        await Eventually.TrueAsync(() => About().Count >= expected, $"{expected} emails about {message.MessageId}");
        await Task.Delay(Settle);
        var emails = About();
        Assert.Equal(expected, emails.Count);
        return emails;
    }

    private async Task<StubRequest> SingleProviderRequestAsync(Func<StubRequest, bool> match)
    {
        await Eventually.TrueAsync(() => pipeline.Providers.Requests.Any(match), "a provider request");
        await Task.Delay(Settle);
        return Assert.Single(pipeline.Providers.Requests, r => match(r));
    }

    private static string[] Recipients(IEnumerable<MimeMessage> emails) =>
        emails.Select(e => e.To.Mailboxes.Single().Address).Order().ToArray();

    private static void AssertAboutMessage(MimeMessage email, MessagePosted message)
    {
        Assert.Contains(message.Text, email.TextBody);
        Assert.Contains(message.Sender.Name, email.TextBody);
        Assert.Equal("notifications@helpdesk.test", email.From.Mailboxes.Single().Address);
    }
}
