using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.ServiceDefaults;

namespace Notifications.IntegrationTests;

/// <summary>
/// The router when its infrastructure is down: it starts anyway, reports unready on /health/ready, and
/// recovers by itself when RabbitMQ or Redis comes back. The outage is made with a TCP proxy in front of the
/// real servers, so nothing else using them is disturbed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private TcpProxy rabbitProxy = null!;
    private TcpProxy redisProxy = null!;
    private WebApplication? router;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var vhost = infrastructure.VirtualHost;
        rabbitProxy = new TcpProxy(vhost.AmqpUrl.Host, vhost.AmqpUrl.IsDefaultPort ? 5672 : vhost.AmqpUrl.Port);
        var redis = infrastructure.Environment.RedisConfiguration.Split(',')[0].Split(':');
        redisProxy = new TcpProxy(redis[0], redis.Length > 1 ? int.Parse(redis[1]) : 6379);
    }

    [Fact]
    public async Task RedisDownAtStartUp_RouterIsUnready_ThenRecoversWhenRedisComesBack()
    {
        rabbitProxy.Open();
        router = await StartRouterAsync();

        await WaitForHealthAsync("redis", HealthStatus.Unhealthy);
        redisProxy.Open();
        await WaitForHealthAsync("redis", HealthStatus.Healthy);
        await AssertRouterStoresParticipantsAsync();
    }

    [Fact]
    public async Task RedisLostMidRun_RouterIsUnready_ThenRecovers()
    {
        rabbitProxy.Open();
        redisProxy.Open();
        router = await StartRouterAsync();
        await WaitForHealthAsync("redis", HealthStatus.Healthy);

        redisProxy.Close();
        await WaitForHealthAsync("redis", HealthStatus.Unhealthy);
        redisProxy.Open();
        await WaitForHealthAsync("redis", HealthStatus.Healthy);
        await AssertRouterStoresParticipantsAsync();
    }

    [Fact]
    public async Task BrokerDownAtStartUp_RouterWaits_AndConnectsWhenTheBrokerComesBack()
    {
        redisProxy.Open();
        router = await StartRouterAsync();

        await WaitForHealthAsync("masstransit-bus", HealthStatus.Unhealthy);
        await Task.Delay(TimeSpan.FromSeconds(2));
        rabbitProxy.Open();
        await WaitForHealthAsync("masstransit-bus", HealthStatus.Healthy, TimeSpan.FromSeconds(90));
        // The wait queues (A6 and the directory wait, both on by default) are declared once the broker is back.
        await WaitForHealthAsync("router-wait-queues", HealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await AssertRouterStoresParticipantsAsync();
    }

    private async Task<WebApplication> StartRouterAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "Notifications.Router",
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var amqp = new UriBuilder(infrastructure.VirtualHost.AmqpUrl) { Host = "127.0.0.1", Port = rabbitProxy.Port }.Uri;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = amqp.ToString(),
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisProxy.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000",
            ["Redis:KeyPrefix"] = infrastructure.KeyPrefix,
            ["Logging:LogLevel:Default"] = "Critical",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = RouterHost.Build(builder);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    private async Task WaitForHealthAsync(string check, HealthStatus expected, TimeSpan? timeout = null)
    {
        var health = router!.Services.GetRequiredService<HealthCheckService>();
        var last = "";
        await Eventually.TrueAsync(async () =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(ServiceDefaultsExtensions.ReadyTag));
            var entry = report.Entries.FirstOrDefault(e => e.Key.Contains(check, StringComparison.OrdinalIgnoreCase));
            last = string.Join("; ", report.Entries.Select(e => $"{e.Key}={e.Value.Status}"));
            return entry.Key is not null && entry.Value.Status == expected
                && (expected == HealthStatus.Healthy || report.Status != HealthStatus.Healthy);
        }, $"{check} to be {expected} (last: {last})", timeout ?? TimeSpan.FromSeconds(60));
    }

    private async Task AssertRouterStoresParticipantsAsync()
    {
        var platform = await infrastructure.StartPlatformBusAsync();
        var id = "resilience-" + Guid.NewGuid().ToString("N")[..8];
        await platform.Publish(new ParticipantUpserted { ParticipantId = id, Role = ParticipantRoles.Agent, Name = "Resilient" });
        // Straight to Redis, not through the proxy the router uses.
        await Eventually.TrueAsync(() => infrastructure.Redis.GetDatabase().KeyExistsAsync($"{infrastructure.KeyPrefix}participant:{id}"), "the router to store a participant again");
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync([router], rabbitProxy, redisProxy);
}
