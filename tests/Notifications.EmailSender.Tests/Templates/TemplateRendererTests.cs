using Notifications.Contracts;
using Notifications.Email.Templates;

namespace Notifications.EmailSender.Tests.Templates;

public class TemplateRendererTests
{
    private static MergeValues Values(string message = "Hi there", string senderName = "Bob", string recipientName = "Alice") => new()
    {
        RecipientName = recipientName,
        SenderName = senderName,
        SenderProfileImage = "https://cdn.example.com/bob.png?size=64&round=1",
        Message = message,
        Attachments = [new Attachment { Name = "invoice.pdf", Url = "https://files.example.com/a?id=1&v=2" }],
        ConversationLink = "https://admin.example.com/conversations/c%2042",
        ConversationId = "c 42",
    };

    private static RenderedEmail RenderHtml(string body, MergeValues values, string subject = "Subject") =>
        TemplateRenderer.Render(EmailTemplate.Create("test", subject, body, isHtml: true), values);

    private static RenderedEmail RenderText(string body, MergeValues values, string subject = "Subject") =>
        TemplateRenderer.Render(EmailTemplate.Create("test", subject, body, isHtml: false), values);

    [Theory]
    [InlineData("{recipient_name}", "Alice")]
    [InlineData("{sender_name}", "Bob")]
    [InlineData("{sender_profile_image}", "https://cdn.example.com/bob.png?size=64&round=1")]
    [InlineData("{message}", "Hi there")]
    [InlineData("{attachments}", "invoice.pdf: https://files.example.com/a?id=1&v=2")]
    [InlineData("{conversation_link}", "https://admin.example.com/conversations/c%2042")]
    [InlineData("{conversation_id}", "c 42")]
    public void EachMergeField_InTextBody_IsReplacedByItsValue(string field, string expected)
    {
        var rendered = RenderText($"[{field}]", Values());

        Assert.Equal($"[{expected}]", rendered.TextBody);
        Assert.Null(rendered.HtmlBody);
    }

    [Theory]
    [InlineData("{recipient_name}", "Alice")]
    [InlineData("{sender_name}", "Bob")]
    [InlineData("{sender_profile_image}", "https://cdn.example.com/bob.png?size=64&amp;round=1")]
    [InlineData("{message}", "Hi there")]
    [InlineData("{attachments}", "<ul><li><a href=\"https://files.example.com/a?id=1&amp;v=2\">invoice.pdf</a></li></ul>")]
    [InlineData("{conversation_link}", "https://admin.example.com/conversations/c%2042")]
    [InlineData("{conversation_id}", "c 42")]
    public void EachMergeField_InHtmlBody_IsReplacedByItsEscapedValue(string field, string expected)
    {
        var rendered = RenderHtml($"<p>{field}</p>", Values());

        Assert.Equal($"<p>{expected}</p>", rendered.HtmlBody);
    }

    [Fact]
    public void HtmlBody_EscapesScriptInMessageAndNames()
    {
        var values = Values(message: "<script>alert(1)</script>", senderName: "<script>s</script>", recipientName: "<img src=x onerror=alert(2)>");

        var rendered = RenderHtml("<p>{recipient_name}</p><p>{sender_name}</p><p>{message}</p>", values);

        Assert.DoesNotContain("<script>", rendered.HtmlBody);
        Assert.DoesNotContain("<img", rendered.HtmlBody);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", rendered.HtmlBody);
        Assert.Contains("&lt;script&gt;s&lt;/script&gt;", rendered.HtmlBody);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", rendered.HtmlBody);
    }

    [Fact]
    public void HtmlBody_EscapesQuotesSoAValueCannotLeaveAnAttribute()
    {
        var values = Values() with { ConversationLink = "https://a.example.com/\" onclick=\"x" };

        var rendered = RenderHtml("<a href=\"{conversation_link}\">open</a>", values);

        Assert.DoesNotContain("\" onclick", rendered.HtmlBody);
        Assert.Contains("&quot; onclick=&quot;x", rendered.HtmlBody);
    }

    [Fact]
    public void NewLinesInMessage_BecomeBrInHtml_AndStayNewLinesInText()
    {
        var rendered = RenderHtml("<p>{message}</p>", Values(message: "line one\nline two\r\nline three"));

        Assert.Contains("line one<br>\nline two<br>\nline three", rendered.HtmlBody);
        Assert.Equal("line one\nline two\nline three", rendered.TextBody);
    }

    [Fact]
    public void NewLinesOfTheTemplateItself_BecomeBrInHtml()
    {
        var rendered = RenderHtml("Hello {recipient_name},\nthanks.", Values());

        Assert.Equal("Hello Alice,<br>\nthanks.", rendered.HtmlBody);
    }

    [Fact]
    public void TextPartOfHtmlTemplate_IsDerivedWithValuesUnescaped()
    {
        var rendered = RenderHtml("<p>{sender_name} wrote:</p><p>{message}</p>{attachments}", Values(message: "a < b & \"c\"\nnext"));

        Assert.Contains("Bob wrote:", rendered.TextBody);
        Assert.Contains("a < b & \"c\"\nnext", rendered.TextBody);
        Assert.Contains("invoice.pdf: https://files.example.com/a?id=1&v=2", rendered.TextBody);
        Assert.DoesNotContain("<p>", rendered.TextBody);
    }

    [Theory]
    [InlineData("Bob\r\nBcc: victim@example.com")]
    [InlineData("Bob\nBcc: victim@example.com")]
    [InlineData("Bob\rBcc: victim@example.com")]
    [InlineData("Bob\u2028Bcc: victim@example.com")]
    public void LineBreaksInSenderName_NeverReachTheSubject(string senderName)
    {
        var rendered = RenderText("{message}", Values(senderName: senderName), subject: "New message from {sender_name}");

        Assert.DoesNotContain('\r', rendered.Subject);
        Assert.DoesNotContain('\n', rendered.Subject);
        Assert.DoesNotContain('\u2028', rendered.Subject);
        Assert.Equal("New message from Bob Bcc: victim@example.com", rendered.Subject);
    }

    [Fact]
    public void Subject_IsNotHtmlEscaped()
    {
        var rendered = RenderHtml("{message}", Values(senderName: "Tom & Jerry"), subject: "New message from {sender_name}");

        Assert.Equal("New message from Tom & Jerry", rendered.Subject);
    }

    [Fact]
    public void NoAttachments_RenderNothing()
    {
        var rendered = RenderHtml("<p>x</p>{attachments}", Values() with { Attachments = [] });

        Assert.Equal("<p>x</p>", rendered.HtmlBody);
    }

    [Fact]
    public void LiteralBracesThatAreNotFields_AreKeptAsText()
    {
        var rendered = RenderHtml("<style>p { color: red; }</style><p>{message}</p>", Values());

        Assert.StartsWith("<style>p { color: red; }</style>", rendered.HtmlBody);
    }
}
