using Notifications.Contracts;
using Notifications.Email.Templates;

namespace Notifications.EmailSender.Tests.Templates;

public class MergeValuesFactoryTests
{
    [Fact]
    public void ConversationLink_ForAgent_IsAdminBaseUrlWithEscapedConversationId()
    {
        var values = MergeValuesFactory.From(Commands.ToAgent(), "https://admin.example.com/");

        Assert.Equal("https://admin.example.com/conversations/conv%2042%2Fa", values.ConversationLink);
    }

    [Fact]
    public void ConversationLink_ForUser_IsEmpty()
    {
        var values = MergeValuesFactory.From(Commands.ToUser(), "https://admin.example.com");

        Assert.Equal("", values.ConversationLink);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ConversationLink_WithoutAdminBaseUrl_IsEmpty(string? adminBaseUrl)
    {
        var values = MergeValuesFactory.From(Commands.ToAgent(), adminBaseUrl);

        Assert.Equal("", values.ConversationLink);
    }

    [Fact]
    public void NonWebUrls_AreDroppedFromImageAndAttachments()
    {
        var command = Commands.ToAgent();
        command = command with
        {
            Message = command.Message with
            {
                Sender = command.Message.Sender with { ProfileImageUrl = "javascript:alert(1)" },
                Attachments =
                [
                    new Attachment { Name = "bad", Url = "javascript:alert(1)" },
                    new Attachment { Name = "good", Url = "https://files.example.com/good" },
                ],
            },
        };

        var values = MergeValuesFactory.From(command, null);

        Assert.Equal("", values.SenderProfileImage);
        Assert.Equal("good", Assert.Single(values.Attachments).Name);
    }

    [Fact]
    public void Values_ComeFromTheCommand()
    {
        var values = MergeValuesFactory.From(Commands.ToAgent("hello"), null);

        Assert.Equal("Alice Agent", values.RecipientName);
        Assert.Equal("Bob Visitor", values.SenderName);
        Assert.Equal("https://cdn.example.com/bob.png", values.SenderProfileImage);
        Assert.Equal("hello", values.Message);
        Assert.Equal("conv 42/a", values.ConversationId);
    }
}
