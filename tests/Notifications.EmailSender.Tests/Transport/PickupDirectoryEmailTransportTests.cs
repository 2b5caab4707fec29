using MimeKit;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Transport;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Transport;

public sealed class PickupDirectoryEmailTransportTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "pickup-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    private (PickupDirectoryEmailTransport Transport, EmailComposer Composer) Create()
    {
        var options = OptionsFactory.Create(new EmailOptions { PickupDirectory = directory });
        return (new PickupDirectoryEmailTransport(options), new EmailComposer(options));
    }

    [Fact]
    public async Task Send_WritesAParseableEmlFileNamedAfterTheNotification()
    {
        var (transport, composer) = Create();
        var command = Commands.ToAgent("line 1\nline 2");

        var provider = await transport.SendAsync(new OutgoingEmail(command.NotificationId, command.Recipient.Id, composer.Compose(command)), default);

        Assert.Equal("pickup-directory", provider);
        var file = Assert.Single(Directory.GetFiles(directory));
        Assert.Equal(PickupDirectoryEmailTransport.FileNameOf(command.NotificationId), Path.GetFileName(file));
        var loaded = await MimeMessage.LoadAsync(file);
        Assert.Equal("New messages in conversation conv 42/a", loaded.Subject);
        Assert.Equal("alice@example.com", Assert.IsType<MailboxAddress>(Assert.Single(loaded.To)).Address);
        Assert.Contains("line 1\nline 2", loaded.TextBody!.Replace("\r\n", "\n"));
        Assert.Contains("line 1<br>", loaded.HtmlBody);
    }

    [Fact]
    public async Task SendingTheSameNotificationTwice_LeavesOneFileAndNoTemporaryFiles()
    {
        var (transport, composer) = Create();
        var command = Commands.ToUser();

        for (var i = 0; i < 2; i++)
            await transport.SendAsync(new OutgoingEmail(command.NotificationId, command.Recipient.Id, composer.Compose(command)), default);

        Assert.Single(Directory.GetFiles(directory));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b\\c:d")]
    [InlineData("..")]
    public void FileName_CannotEscapeTheDirectory(string notificationId)
    {
        var name = PickupDirectoryEmailTransport.FileNameOf(notificationId);

        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.False(name.StartsWith('.'));
        Assert.EndsWith(".eml", name);
    }

    [Fact]
    public void FileNames_OfIdsDifferingOnlyInUnsafeCharacters_Differ()
    {
        Assert.NotEqual(PickupDirectoryEmailTransport.FileNameOf("a:b"), PickupDirectoryEmailTransport.FileNameOf("a/b"));
        Assert.Equal("msg-1_agent-7.eml", PickupDirectoryEmailTransport.FileNameOf("msg-1_agent-7"));
    }
}
