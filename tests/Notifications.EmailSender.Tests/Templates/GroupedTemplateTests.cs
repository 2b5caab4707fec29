using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Templates;

namespace Notifications.EmailSender.Tests.Templates;

/// <summary>The grouped kind: one email for every message of a delay window, with {messages} and {message_count}.</summary>
public class GroupedTemplateTests
{
    [Fact]
    public void AGroupedCommand_IsComposedFromTheGroupedTemplate_ListingEveryMessage()
    {
        var command = Grouped(Commands.ToAgent("Where is my order?"), ("msg-9", "It was due <Monday>.", "Bob Visitor"));

        var options = new EmailOptions { From = "help@example.com" };
        var email = new EmailComposer(Microsoft.Extensions.Options.Options.Create(options)).Compose(command, options, DefaultTemplates.For(TemplateKey.Agent, EmailComposer.KindOf(command)));

        Assert.Equal("New messages in conversation conv 42/a", email.Subject);
        Assert.Contains("2 new messages in conversation conv 42/a", email.TextBody);
        Assert.Contains("Bob Visitor (2025-01-02 03:04 UTC):\nWhere is my order?", email.TextBody);
        Assert.Contains("It was due <Monday>.", email.TextBody);
        Assert.Contains("It was due &lt;Monday&gt;.", email.HtmlBody);
        Assert.Equal(EmailComposer.MessageIdOf(command.NotificationId), email.MessageId);
    }

    [Fact]
    public void ASingleCommand_KeepsThePerMessageTemplate()
    {
        Assert.Equal(TemplateKind.Message, EmailComposer.KindOf(Commands.ToAgent()));
        Assert.Equal(TemplateKind.Grouped, EmailComposer.KindOf(Grouped(Commands.ToAgent(), ("msg-2", "more", "Bob"))));
    }

    [Fact]
    public void MessagesAndCount_AreRejectedInPerMessageTemplates_NamingTheKind()
    {
        var error = Assert.Throws<TemplateException>(() => EmailTemplate.Create("agent/message", "{message_count} new", "{messages}", isHtml: false));

        Assert.Equal("message_count", error.MergeField);
        Assert.Contains("grouped templates", error.Message);
    }

    [Fact]
    public void AGroupedTemplate_AcceptsEveryPerMessageField_AndItsOwn_ButNotTheTranscript()
    {
        var template = EmailTemplate.Create("user/grouped", "{sender_name}: {message_count}", "{recipient_name} {messages} {message} {attachments}", isHtml: false, kind: TemplateKind.Grouped);

        Assert.Equal(TemplateKind.Grouped, template.Kind);
        Assert.Throws<TemplateException>(() => EmailTemplate.Create("user/grouped", "Hi", "{transcript}", isHtml: false, kind: TemplateKind.Grouped));
    }

    [Fact]
    public void TheGroupedKind_ParsesFromTheAdminPath()
    {
        Assert.True(TemplateKey.TryParse("user", "grouped", "fr", out var key, out _));
        Assert.Equal("user/grouped/fr", key.Name);
        Assert.False(TemplateKey.TryParse("user", "groups", null, out _, out var error));
        Assert.Contains("\"grouped\"", error);
    }

    private static SendEmail Grouped(SendEmail command, params (string MessageId, string Text, string Sender)[] later) => command with
    {
        Grouped = later.Select((m, i) => new GroupedNotification
        {
            NotificationId = $"{m.MessageId}:{command.Recipient.Id}:email",
            Message = command.Message with
            {
                MessageId = m.MessageId,
                Text = m.Text,
                Sender = command.Message.Sender with { Name = m.Sender },
                PostedAt = command.Message.PostedAt.AddMinutes(i + 1),
            },
        }).ToList(),
    };
}
