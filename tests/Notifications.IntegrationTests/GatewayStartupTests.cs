using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Gateway;

namespace Notifications.IntegrationTests;

/// <summary>The gateway refuses to start on a malformed Twilio webhook base, naming the key and never the token.</summary>
public sealed class GatewayStartupTests
{
    [Fact]
    public async Task Start_WithAPublicWebhookBaseThatIsNoHttpUrl_StopsWithAMessageNamingTheKey()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AuthToken"] = "token-value",
            ["Sms:Twilio:PublicWebhookBaseUrl"] = "notifications.example.com",
            ["urls"] = "http://127.0.0.1:0",
        });
        await using var app = GatewayHost.Build(builder);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sms:Twilio:PublicWebhookBaseUrl", failure.Message);
        Assert.DoesNotContain("token-value", failure.Message);
    }
}
