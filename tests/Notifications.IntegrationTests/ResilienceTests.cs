using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.EmailSender;
using Notifications.PushSender;
using Notifications.Router;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SmsSender;
using Notifications.ServiceDefaults;

namespace Notifications.IntegrationTests;

/// <summary>
/// The router and the three senders when their infrastructure is down: each starts anyway, reports unready on
/// /health/ready, and recovers by itself when RabbitMQ or Redis comes back, then does its work. The outage is made
/// with a TCP proxy in front of the real servers, so nothing else using them is disturbed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private TcpProxy rabbitProxy = null!;
    private TcpProxy redisProxy = null!;
    private WebApplication? service;
    private readonly string records = Path.Combine(Path.GetTempPath(), "resilience-" + Guid.NewGuid().ToString("N"));

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
        service = await StartRouterAsync();

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
        service = await StartRouterAsync();
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
        service = await StartRouterAsync();

        await WaitForHealthAsync("masstransit-bus", HealthStatus.Unhealthy);
        await Task.Delay(TimeSpan.FromSeconds(2));
        rabbitProxy.Open();
        await WaitForHealthAsync("masstransit-bus", HealthStatus.Healthy, TimeSpan.FromSeconds(90));
        // The wait queues (A6 and the directory wait, both on by default) are declared once the broker is back.
        await WaitForHealthAsync("router-wait-queues", HealthStatus.Healthy, TimeSpan.FromSeconds(30));
        await AssertRouterStoresParticipantsAsync();
    }

    public static TheoryData<string> Senders => ["EmailSender", "SmsSender", "PushSender"];

    [Theory]
    [MemberData(nameof(Senders))]
    public async Task BrokerDownAtStartUp_SenderWaits_AndSendsWhenTheBrokerComesBack(string sender)
    {
        redisProxy.Open();
        service = await StartServiceAsync(sender);

        await WaitForHealthAsync("masstransit-bus", HealthStatus.Unhealthy);
        await Task.Delay(TimeSpan.FromSeconds(2));
        rabbitProxy.Open();
        await WaitForHealthAsync("masstransit-bus", HealthStatus.Healthy, TimeSpan.FromSeconds(90));
        await AssertSenderSendsAsync(sender);
    }

    [Theory]
    [MemberData(nameof(Senders))]
    public async Task RedisDownAtStartUp_SenderIsUnready_ThenSendsWhenRedisComesBack(string sender)
    {
        rabbitProxy.Open();
        service = await StartServiceAsync(sender);

        await WaitForHealthAsync("redis", HealthStatus.Unhealthy);
        redisProxy.Open();
        await WaitForHealthAsync("redis", HealthStatus.Healthy);
        await AssertSenderSendsAsync(sender);
    }

    /// <summary>A command sent to the sender's queue is delivered: written to its folder (no provider is configured).</summary>
    private async Task AssertSenderSendsAsync(string sender)
    {
        var platform = await infrastructure.StartPlatformBusAsync();
        var messageId = "resilience-" + Guid.NewGuid().ToString("N")[..8];
        var recipient = new NotificationRecipient
        {
            Id = "agent-resilient", Role = ParticipantRoles.Agent, Name = "Resilient", Email = "agent-resilient@helpdesk.test", Phone = "+15550100777",
            PushDevices = [new PushDevice { DeviceId = "resilient-pixel", Platform = PushPlatforms.Android }],
        };
        var message = new NotifiedMessage
        {
            MessageId = messageId, ConversationId = "conv-" + messageId, Text = $"Still there? {messageId}", PostedAt = DateTimeOffset.UtcNow,
            Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada" },
        };
        string Id(string channel) => $"{messageId}:{recipient.Id}:{channel}";
        await (sender switch
        {
            "EmailSender" => platform.SendToQueueAsync(QueueNames.SendEmail, new SendEmail { NotificationId = Id(Channels.Email), Rule = "A2", Recipient = recipient, Message = message }),
            "SmsSender" => platform.SendToQueueAsync(QueueNames.SendSms, new SendSms { NotificationId = Id(Channels.Sms), Rule = "A2", Recipient = recipient, Message = message }),
            _ => platform.SendToQueueAsync(QueueNames.SendPush, new SendPush { NotificationId = Id(Channels.Push), Rule = "A2", Recipient = recipient, Message = message }),
        });
        await Eventually.TrueAsync(() => Directory.Exists(records)
            // A record is written to a .tmp file and then renamed: only finished records are read.
            && Directory.EnumerateFiles(records, "*", SearchOption.AllDirectories)
                .Where(file => !file.EndsWith(".tmp", StringComparison.Ordinal)).Any(file => File.ReadAllText(file).Contains(messageId)),
            $"the {sender} to write the notification to its folder");
    }

    private Task<WebApplication> StartRouterAsync() => StartServiceAsync("Router");

    private async Task<WebApplication> StartServiceAsync(string service)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "Notifications." + service,
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var amqp = new UriBuilder(infrastructure.VirtualHost.AmqpUrl) { Host = "127.0.0.1", Port = rabbitProxy.Port }.Uri;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = amqp.ToString(),
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisProxy.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000",
            ["Redis:KeyPrefix"] = infrastructure.KeyPrefix,
            ["Email:DelaySeconds"] = "0",
            ["Sms:DelaySeconds"] = "0",
            ["Push:DelaySeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Critical",
            // No provider is configured: each sender writes what it sends to its folder under this run's own one.
            ["Email:PickupDirectory"] = Path.Combine(records, "mail"),
            ["Sms:RecordDirectory"] = Path.Combine(records, "sms"),
            ["Push:RecordDirectory"] = Path.Combine(records, "push"),
            ["Realtime:RecordDirectory"] = Path.Combine(records, "realtime"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = service switch
        {
            "Router" => RouterHost.Build(builder),
            "EmailSender" => EmailSenderHost.Build(builder),
            "SmsSender" => SmsSenderHost.Build(builder),
            "PushSender" => PushSenderHost.Build(builder),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a service"),
        };
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    private async Task WaitForHealthAsync(string check, HealthStatus expected, TimeSpan? timeout = null)
    {
        var health = service!.Services.GetRequiredService<HealthCheckService>();
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

    public async Task DisposeAsync()
    {
        await infrastructure.DisposeAsync([service], rabbitProxy, redisProxy);
        if (Directory.Exists(records))
            Directory.Delete(records, recursive: true);
    }
}
