using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// Bad content inside well-formed events: contact details that cannot be used, header injection in names, and
/// markup in messages. The events are valid, so they are routed; what must hold is the outcome of each
/// notification: a permanent failure whose reason says what to fix, or an email in which the hostile text is
/// inert (no extra recipient, no extra header, no live markup).
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadContentTests(PipelineFixture pipeline)
{
    [Theory]
    [InlineData("not-an-address")]
    [InlineData("agent@helpdesk.test\r\nBcc: victim@evil.test")]
    [InlineData("agent@@helpdesk.test")]
    public async Task Agent_WithAnUnusableEmailAddress_GetsAPermanentFailureSayingWhatToFix(string address)
    {
        var agent = await UpsertAgentAsync(email: address);

        var message = await PostToAsync(agent);

        var failed = await FailedAsync(message, agent, Channels.Email);
        Assert.True(failed.Permanent);
        Assert.Contains("not a valid address", failed.Reason);
        Assert.DoesNotContain("evil.test", failed.Reason);
        Assert.DoesNotContain(pipeline.Smtp.Messages, email => email.Bcc.Count > 0 || (email.TextBody ?? "").Contains(message.Text));
    }

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("0044 20 7946 0018")]
    [InlineData("+1 (415) 555-0100\r\nX: y")]
    public async Task Agent_WithAPhoneNumberThatIsNotE164_GetsAPermanentSmsFailure_AndTheEmailStillGoesOut(string phone)
    {
        var agent = await UpsertAgentAsync(phone: phone);

        var message = await PostToAsync(agent);

        var failed = await FailedAsync(message, agent, Channels.Sms);
        Assert.True(failed.Permanent);
        Assert.Contains("E.164", failed.Reason);
        await Eventually.TrueAsync(() => EmailsAbout(message).Any(), "the agent's email");
    }

    [Theory]
    [InlineData("Bob\r\nBcc: victim@evil.test")]
    [InlineData("Bob\nSubject: you won")]
    public async Task HeaderInjection_InTheSendersName_ReachesNoHeader(string senderName)
    {
        var agent = await UpsertAgentAsync();
        var message = await PostToAsync(agent, m => m with { Sender = m.Sender with { Name = senderName } });

        var email = await SingleEmailAboutAsync(message);

        Assert.Single(email.To);
        Assert.Empty(email.Cc);
        Assert.Empty(email.Bcc);
        Assert.DoesNotContain('\n', email.Subject ?? "");
        Assert.DoesNotContain(email.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, email.Headers.Count(h => h.Field.Equals("Subject", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task HeaderInjection_InTheRecipientsName_ReachesNoHeader()
    {
        var agent = await UpsertAgentAsync(name: "Eve\r\nBcc: victim@evil.test");
        var message = await PostToAsync(agent);

        var email = await SingleEmailAboutAsync(message);

        Assert.Equal([EmailOf(agent)], email.To.Mailboxes.Select(m => m.Address));
        Assert.Empty(email.Bcc);
        Assert.DoesNotContain(email.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ScriptAndMarkup_InTheMessage_AreEscapedInTheHtmlPart()
    {
        var agent = await UpsertAgentAsync();
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var message = await PostToAsync(agent, m => m with { Text = m.Text + " " + hostile, Sender = m.Sender with { Name = "<b>Mallory</b>" } });

        var email = await SingleEmailAboutAsync(message);

        Assert.NotNull(email.HtmlBody);
        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.DoesNotContain("<img src=x", email.HtmlBody);
        Assert.DoesNotContain("<b>Mallory</b>", email.HtmlBody);
        Assert.Contains("&lt;script&gt;", email.HtmlBody);
        // The text part carries the message as written: a plain-text reader renders nothing of it.
        Assert.Contains(hostile, email.TextBody);
    }

    /// <summary>A fresh offline agent with no department (so no other test's message reaches them).</summary>
    private async Task<string> UpsertAgentAsync(string? email = null, string? phone = null, string? name = null)
    {
        var id = $"agent-bad-{Guid.NewGuid():N}"[..22];
        await pipeline.Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = id,
            Role = ParticipantRoles.Agent,
            Name = name ?? "Bad Content",
            Email = email ?? EmailOf(id),
            Phone = phone,
        });
        await pipeline.WaitForParticipantsAsync(id);
        return id;
    }

    /// <summary>A user's first message assigned to the agent (row A2).</summary>
    private async Task<MessagePosted> PostToAsync(string agent, Func<MessagePosted, MessagePosted>? change = null)
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = agent }, first: true);
        message = change?.Invoke(message) ?? message;
        await pipeline.Platform.Publish(message);
        return message;
    }

    private async Task<NotificationFailed> FailedAsync(MessagePosted message, string recipient, string channel)
    {
        var id = $"{message.MessageId}:{recipient}:{channel}";
        await Eventually.TrueAsync(() => pipeline.Outcomes.Failed.Any(f => f.NotificationId == id), $"NotificationFailed for {id}");
        return pipeline.Outcomes.Failed.Single(f => f.NotificationId == id);
    }

    private IEnumerable<MimeMessage> EmailsAbout(MessagePosted message) =>
        pipeline.Smtp.Messages.Where(email => (email.TextBody ?? "").Contains(message.Text));

    private async Task<MimeMessage> SingleEmailAboutAsync(MessagePosted message)
    {
        await Eventually.TrueAsync(() => EmailsAbout(message).Any(), "the agent's email");
        return Assert.Single(EmailsAbout(message));
    }
}
