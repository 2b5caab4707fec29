using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Email.Settings;
using Notifications.Email.Transport;

namespace Notifications.EmailSender.Tests;

/// <summary>The host is only built, not started: starting needs RabbitMQ and Redis (integration tests).</summary>
public class HostCompositionTests
{
    private static async Task<IEmailTransport> TransportOf(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
        await using var app = EmailSenderHost.Build(builder);
        var options = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        return app.Services.GetRequiredService<EmailTransports>().For(options);
    }

    [Fact]
    public async Task WithoutSmtpHost_EmailsGoToThePickupDirectory()
    {
        Assert.IsType<PickupDirectoryEmailTransport>(await TransportOf());
    }

    [Fact]
    public async Task WithSmtpHost_EmailsGoThroughSmtp()
    {
        Assert.IsType<SmtpEmailTransport>(await TransportOf(("Email:Smtp:Host", "smtp.example.com"), ("Email:From", "support@example.com")));
    }

    [Fact]
    public async Task SameSmtpSettings_ReuseThePool_ChangedSettings_RebuildIt()
    {
        await using var transports = new EmailTransports(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var first = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "smtp.example.com" } };
        var same = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "smtp.example.com" } };
        var changed = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "smtp.example.com", Password = "other" } };

        Assert.Same(transports.For(first), transports.For(same));
        Assert.NotSame(transports.For(first), transports.For(changed));
    }
}
