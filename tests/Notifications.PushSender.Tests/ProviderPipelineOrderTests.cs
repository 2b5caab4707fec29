using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Realtime;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;

namespace Notifications.PushSender.Tests;

/// <summary>
/// <c>notifications.provider.duration</c> must time the provider alone: the shared rate limit's wait (its own
/// metric) has to happen outside the timed handler, so the limiter must be the outer of the two.
/// </summary>
public sealed class ProviderPipelineOrderTests
{
    [Theory]
    [InlineData(nameof(OneSignalClient))]
    [InlineData(nameof(PusherBeamsClient))]
    [InlineData(nameof(PusherChannelsClient))]
    public async Task RateLimitWait_HappensOutsideTheTimedProviderCall(string client)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never connected to by this test: building the handlers only creates the (lazy) multiplexer.
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=100",
            ["urls"] = "http://127.0.0.1:0",
        });
        await using var app = PushSenderHost.Build(builder);

        var chain = Chain(app.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client));

        var limiter = chain.FindIndex(handler => handler is ProviderRateLimitHandler);
        var timed = chain.FindIndex(handler => handler is ProviderCallHandler);
        Assert.True(limiter >= 0 && timed > limiter, $"{client}: {string.Join(" > ", chain.Select(h => h.GetType().Name))}");
    }

    private static List<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        var chain = new List<HttpMessageHandler> { handler };
        while (chain[^1] is DelegatingHandler { InnerHandler: { } inner })
            chain.Add(inner);
        return chain;
    }
}
