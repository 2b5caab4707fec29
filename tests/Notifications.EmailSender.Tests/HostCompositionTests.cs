using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.EmailSender.Transport;

namespace Notifications.EmailSender.Tests;

/// <summary>The host is only built, not started: starting needs RabbitMQ and Redis (integration tests).</summary>
public class HostCompositionTests
{
    private static async Task<IEmailTransport> TransportOf(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
        await using var app = EmailSenderHost.Build(builder);
        return app.Services.GetRequiredService<IEmailTransport>();
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
}
