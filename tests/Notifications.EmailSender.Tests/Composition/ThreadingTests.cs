using MimeKit;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Microsoft.Extensions.Options;

namespace Notifications.EmailSender.Tests.Composition;

/// <summary>Every email of one conversation to one recipient threads in the inbox: same thread root, same subject, own Message-ID.</summary>
public sealed class ThreadingTests
{
    private static readonly EmailComposer Composer = new(Options.Create(new EmailOptions { From = "support@example.com" }));

    [Fact]
    public void TwoEmailsOfOneConversation_ShareTheThread_AndKeepTheirOwnMessageIds()
    {
        var first = Composer.Compose(Commands.ToAgent("first") with { NotificationId = "m1:alice:email" });
        var second = Composer.Compose(Commands.ToAgent("second").WithSenderName("Someone Else") with { NotificationId = "m2:alice:email" });

        Assert.Equal(first.InReplyTo, second.InReplyTo);
        Assert.Equal(first.InReplyTo, Assert.Single(first.References));
        Assert.Equal(first.References, second.References);
        Assert.Equal(first.Subject, second.Subject);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(EmailComposer.MessageIdOf("m1:alice:email"), first.MessageId);
    }

    [Fact]
    public void TheThreadRoot_DependsOnRecipientAndConversation_AndShowsNeither()
    {
        var thread = EmailComposer.ThreadIdOf("alice", "conv 42/a");

        Assert.Equal(thread, EmailComposer.ThreadIdOf("alice", "conv 42/a"));
        Assert.NotEqual(thread, EmailComposer.ThreadIdOf("bob", "conv 42/a"));
        Assert.NotEqual(thread, EmailComposer.ThreadIdOf("alice", "conv 43"));
        Assert.DoesNotContain("alice", thread);
        Assert.Matches("^thread-[0-9a-f]{32}@notifications$", thread);
    }

    [Fact]
    public void EveryDefaultSubject_IsTheSameWhateverTheSenderOrCount()
    {
        foreach (var template in new[] { DefaultTemplates.AgentMessage, DefaultTemplates.UserMessage, DefaultTemplates.AgentDigest,
                     DefaultTemplates.UserDigest, DefaultTemplates.AgentGrouped, DefaultTemplates.UserGrouped })
        {
            Assert.DoesNotContain("{sender_name}", template.Subject);
            Assert.DoesNotContain("{message_count}", template.Subject);
            Assert.DoesNotContain("{transcript}", template.Subject);
            Assert.DoesNotContain("{message}", template.Subject);
        }
    }

    [Fact]
    public void TheThreadHeaders_SurviveTheWire()
    {
        var message = Composer.Compose(Commands.ToUser());
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var reparsed = MimeMessage.Load(new MemoryStream(stream.ToArray()));

        Assert.Equal(message.InReplyTo, reparsed.InReplyTo);
        Assert.Equal(message.References, reparsed.References);
    }
}
