using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests.Continuity;

/// <summary>
/// Conversation continuity, threads: the emails of one conversation to one recipient, sent by the real router and
/// email sender to the SMTP server, answer one thread root and share one subject, so the inbox shows one thread.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmailThreadingTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task ThreeEmailsOfOneConversation_ThreadTogether_AndAnotherConversationIsAnotherThread()
    {
        var conversation = new ConversationInfo { UserId = User, LastAgentId = LastAgent };
        var first = Message(User, ParticipantRoles.User, conversation, first: false);
        MessagePosted[] messages =
        [
            first,
            Message(User, ParticipantRoles.User, conversation, first: false) with { ConversationId = first.ConversationId },
            Message(User, ParticipantRoles.User, conversation, first: false) with { ConversationId = first.ConversationId },
        ];
        var other = Message(User, ParticipantRoles.User, conversation, first: false);

        foreach (var message in messages.Append(other))
            await pipeline.Platform.Publish(message);

        var emails = await Task.WhenAll(messages.Append(other).Select(message => EmailToLastAgentAboutAsync(message.Text)));
        var thread = emails.Take(3).ToArray();

        Assert.All(thread, email => Assert.Equal(thread[0].InReplyTo, email.InReplyTo));
        Assert.All(thread, email => Assert.Equal(thread[0].InReplyTo, Assert.Single(email.References)));
        Assert.All(thread, email => Assert.Equal(thread[0].Subject, email.Subject));
        Assert.Equal(3, thread.Select(email => email.MessageId).Distinct().Count());
        Assert.Equal(
            messages.Select(message => Email.Composition.EmailComposer.MessageIdOf($"{message.MessageId}:{LastAgent}:{Channels.Email}")),
            thread.Select(email => email.MessageId));
        Assert.Equal(Email.Composition.EmailComposer.ThreadIdOf(LastAgent, first.ConversationId), thread[0].InReplyTo);

        var otherEmail = emails[3];
        Assert.NotEqual(thread[0].InReplyTo, otherEmail.InReplyTo);
        Assert.NotEqual(thread[0].Subject, otherEmail.Subject);
    }

    private async Task<MimeMessage> EmailToLastAgentAboutAsync(string text)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = pipeline.Smtp.Messages.FirstOrDefault(m => m.To.Mailboxes.Any(to => to.Address == EmailOf(LastAgent)) && (m.TextBody ?? "").Contains(text));
            return found is not null;
        }, $"an email to the last agent about '{text}'");
        return found!;
    }
}
