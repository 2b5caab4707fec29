using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

public class DefaultTemplateOutputTests
{
    private static EmailComposer Composer(string? adminBaseUrl) =>
        new(OptionsFactory.Create(new EmailOptions { AdminBaseUrl = adminBaseUrl }));

    [Fact]
    public void AgentTextPart_ReadsCleanly_WithLinkAndAttachments()
    {
        var command = Commands.ToAgent("First line\nSecond line");
        command = command with
        {
            Message = command.Message with { Attachments = [new Attachment { Name = "photo.jpg", Url = "https://files.example.com/p.jpg" }] },
        };

        var text = Composer("https://admin.example.com").Compose(command).TextBody!;

        Assert.Equal(
            """
            Hi Alice Agent,

            Bob Visitor wrote in conversation conv 42/a:

            First line
            Second line

            photo.jpg: https://files.example.com/p.jpg

            https://admin.example.com/conversations/conv%2042%2Fa
            """.ReplaceLineEndings("\n"),
            text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AgentEmail_WithoutAdminBaseUrl_HasNoDanglingLinkOrBlankRuns()
    {
        var message = Composer(null).Compose(Commands.ToAgent());

        Assert.DoesNotContain("/conversations/", message.HtmlBody);
        Assert.DoesNotContain("\n\n\n", message.TextBody!.ReplaceLineEndings("\n"));
        Assert.EndsWith("Hello, I need help with my order.", message.TextBody.TrimEnd());
    }

    [Fact]
    public void HtmlPart_ContainsNoUnmergedField()
    {
        var message = Composer("https://admin.example.com").Compose(Commands.ToAgent());

        Assert.DoesNotMatch(@"\{[a-z_]+\}", message.HtmlBody);
        Assert.DoesNotMatch(@"\{[a-z_]+\}", message.TextBody);
    }
}
