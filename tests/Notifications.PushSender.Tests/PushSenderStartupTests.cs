using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Notifications.PushSender.Tests;

/// <summary>The service refuses to start on a bad setting, before it touches RabbitMQ or Redis.</summary>
public sealed class PushSenderStartupTests
{
    [Fact]
    public async Task Start_WithUnknownProvider_StopsWithAMessageNamingTheKey()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Push:Provider"] = "Firebase",
            ["Push:PusherBeams:InstanceId"] = "instance-1",
            ["Push:PusherBeams:SecretKey"] = "secret-value",
            ["urls"] = "http://127.0.0.1:0",
        });
        await using var app = PushSenderHost.Build(builder);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Push:Provider", failure.Message);
        Assert.DoesNotContain("secret-value", failure.Message);
    }
}
