using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;
using Notifications.SmsSender.Providers;

namespace Notifications.SmsSender.Tests;

/// <summary>
/// <c>notifications.provider.duration</c> must time Twilio alone: the shared rate limit's wait (its own metric)
/// has to happen outside the timed handler, so the limiter must be the outer of the two.
/// </summary>
public sealed class ProviderPipelineOrderTests
{
    [Fact]
    public async Task RateLimitWait_HappensOutsideTheTimedTwilioCall()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Sms:Twilio:AuthToken"] = "token-value",
            ["Sms:Twilio:From"] = "+14155550100",
            // Never connected to by this test: building the handlers only creates the (lazy) multiplexer.
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=100",
            ["urls"] = "http://127.0.0.1:0",
        });
        await using var app = SmsSenderHost.Build(builder);

        var chain = new List<HttpMessageHandler> { app.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(nameof(TwilioSmsProvider)) };
        while (chain[^1] is DelegatingHandler { InnerHandler: { } inner })
            chain.Add(inner);

        var limiter = chain.FindIndex(handler => handler is ProviderRateLimitHandler);
        var timed = chain.FindIndex(handler => handler is ProviderCallHandler);
        Assert.True(limiter >= 0 && timed > limiter, string.Join(" > ", chain.Select(h => h.GetType().Name)));
    }
}
