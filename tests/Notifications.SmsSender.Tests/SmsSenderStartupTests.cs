using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Notifications.SmsSender.Tests;

/// <summary>The service refuses to start on a bad setting, before it touches RabbitMQ or Redis.</summary>
public sealed class SmsSenderStartupTests
{
    [Fact]
    public async Task Start_WithBadFrom_StopsWithAMessageNamingTheKey()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = "AC0123",
            ["Sms:Twilio:AuthToken"] = "token-value",
            ["Sms:Twilio:From"] = "Not-A-Sender-Id",
            ["urls"] = "http://127.0.0.1:0",
        });
        await using var app = SmsSenderHost.Build(builder);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sms:Twilio:From", failure.Message);
        Assert.DoesNotContain("token-value", failure.Message);
    }
}
