using Notifications.Email.Templates;

namespace Notifications.EmailSender.Tests.Templates;

public class EmailTemplateTests
{
    [Fact]
    public void UnknownMergeFieldInBody_IsRejectedNamingTheField()
    {
        var error = Assert.Throws<TemplateException>(() =>
            EmailTemplate.Create("agent", "Hi", "<p>{foo}</p>", isHtml: true));

        Assert.Contains("Unknown merge field {foo} in the body of the agent template", error.Message);
    }

    [Fact]
    public void UnknownMergeFieldInSubject_IsRejectedNamingTheField()
    {
        var error = Assert.Throws<TemplateException>(() =>
            EmailTemplate.Create("user", "About {conversation}", "{message}", isHtml: false));

        Assert.Contains("{conversation}", error.Message);
        Assert.Contains("subject of the user template", error.Message);
    }

    [Fact]
    public void UnknownMergeFieldInTextVersion_IsRejected()
    {
        var error = Assert.Throws<TemplateException>(() =>
            EmailTemplate.Create("agent", "Hi", "<p>{message}</p>", isHtml: true, textBody: "{Message}"));

        Assert.Contains("{Message}", error.Message);
    }

    [Fact]
    public void EveryKnownMergeField_IsAccepted()
    {
        var body = string.Concat(MergeFields.All.Select(field => "{" + field + "}"));

        var template = EmailTemplate.Create("agent", "Hi {sender_name}", body, isHtml: true);

        Assert.Equal(body, template.Body);
    }

    [Fact]
    public void DefaultTemplates_AreValidAndHtml()
    {
        Assert.True(DefaultTemplates.AgentMessage.IsHtml);
        Assert.True(DefaultTemplates.UserMessage.IsHtml);
        Assert.Contains("{conversation_link}", DefaultTemplates.AgentMessage.Body);
        Assert.Equal("New messages in conversation {conversation_id}", DefaultTemplates.AgentMessage.Subject);
        Assert.Equal("New replies in your conversation", DefaultTemplates.UserMessage.Subject);
    }
}
