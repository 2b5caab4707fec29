using Notifications.Email.Templates;

namespace Notifications.EmailSender.Tests.Templates;

/// <summary>
/// Which braces are fields: a name-like token (letter first; letters, digits, _, - and spaces) must be a known
/// field written exactly; anything else in braces (CSS, JSON, numbers) is literal text.
/// </summary>
public sealed class MergeFieldTokenTests
{
    [Theory]
    [InlineData("Hi {sender-name}", "{sender-name}")]
    [InlineData("Hi { sender_name }", "{ sender_name }")]
    [InlineData("Hi {sender name}", "{sender name}")]
    [InlineData("Hi {Sender_Name}", "{Sender_Name}")]
    public void NameLikeTokenThatIsNotAKnownField_IsRejectedNamingIt(string body, string token)
    {
        var error = Assert.Throws<TemplateException>(() => EmailTemplate.Create("agent", "Subject", body, isHtml: false));

        Assert.Contains("Unknown merge field " + token, error.Message);
    }

    [Fact]
    public void KnownFieldWithSpaces_SaysHowToWriteIt()
    {
        var error = Assert.Throws<TemplateException>(() => EmailTemplate.Create("agent", "Hi { sender_name }", "{message}", isHtml: false));

        Assert.Contains("as {sender_name}", error.Message);
        Assert.Equal("subject", error.Part);
    }

    [Theory]
    [InlineData("<style>p { color: red; } a{text-decoration:none}</style><p>{message}</p>")]
    [InlineData("Order data: {\"id\": 1} and {0} and {} and {1042} {message}")]
    public void LiteralBraces_AreKeptAsText(string body)
    {
        var template = EmailTemplate.Create("agent", "Hi {sender_name}", body, isHtml: true);

        var rendered = TemplateRenderer.Render(template, new MergeValues { RecipientName = "Dora", SenderName = "Ada", SenderProfileImage = "", Message = "hello", Attachments = [], ConversationLink = "", ConversationId = "c-1" });

        Assert.Contains("hello", rendered.HtmlBody);
        Assert.Contains(body.Contains("color") ? "p { color: red; }" : "{0}", rendered.HtmlBody);
    }
}
