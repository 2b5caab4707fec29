using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.Router;
using Notifications.SmsSender;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// The four real services against the real broker and Redis (fresh vhost and key prefix), like
/// <see cref="PipelineFixture"/>, with an in-memory OpenTelemetry exporter for spans and metrics added to the
/// services' own telemetry pipelines and a log capture in each service.
/// In one process every tracer and meter provider listens to every service's sources, so the exporter sits on
/// the router's providers alone and still sees the senders' spans and measurements.
/// </summary>
public sealed class ObservedPipelineFixture : IAsyncLifetime
{
    public const string User = "user-ada";
    public const string OfflineAgent = "agent-sam";    // sales, offline, phone and an Android device
    public const string OnlineAgent = "agent-sue";     // sales, online
    public const string OfflineAgentPhone = "+15550100201";
    public const string UserPhone = "+15550100999";
    public const string TwilioAccountSid = "AC00000000000000000000000000000002";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];
    private MeterProvider? meters;

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public SmtpSink Smtp { get; } = new();
    public HttpStub Providers { get; private set; } = null!;
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IBus Platform => infrastructure.Platform;

    public LockedList<Activity> Spans { get; } = new();
    public CapturedLogs Logs { get; } = new();
    private readonly LockedList<MetricSnapshot> exportedMetrics = new();

    public static string EmailOf(string id) => $"{id}@helpdesk.test";

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        Providers = await HttpStub.StartAsync();

        // The services' own log levels: the tests read the lines they write.
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration(defaultLogLevel: null))
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:FromName"] = "Help desk",
            ["Sms:Twilio:AccountSid"] = TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = "test-auth-token-not-secret",
            ["Sms:Twilio:From"] = "+15550000000",
            ["Sms:Twilio:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            ["Push:Provider"] = "OneSignal",
            ["Push:OneSignal:AppId"] = "00000000-0000-0000-0000-0000000000bb",
            ["Push:OneSignal:ApiKey"] = "test-onesignal-key",
            ["Push:OneSignal:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
        };

        var router = await ServiceHost.StartAsync("Notifications.Router", builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exportedMetrics));
            return RouterHost.Build(Observed(builder));
        }, configuration);
        services.Add(router);
        meters = router.Services.GetRequiredService<MeterProvider>();
        services.Add(await ServiceHost.StartAsync("Notifications.EmailSender", b => EmailSenderHost.Build(Observed(b)), configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", b => SmsSenderHost.Build(Observed(b)), configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.PushSender", b => PushSenderHost.Build(Observed(b)), configuration));

        await infrastructure.StartPlatformBusAsync();
        await PublishDirectoryAsync();
    }

    private WebApplicationBuilder Observed(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(Logs);
        return builder;
    }

    /// <summary>The metrics as exported now: flushes the services' meter provider into the in-memory exporter.</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (meters!)
        {
            exportedMetrics.Clear();
            meters.ForceFlush();
            return exportedMetrics.Snapshot();
        }
    }

    private async Task PublishDirectoryAsync()
    {
        await Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = OfflineAgent,
            Role = ParticipantRoles.Agent,
            Name = "Sam",
            Email = EmailOf(OfflineAgent),
            Phone = OfflineAgentPhone,
            DepartmentIds = ["sales"],
            PushDevices = [new PushDevice { DeviceId = "sam-pixel", Platform = PushPlatforms.Android }],
        });
        await Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = OnlineAgent, Role = ParticipantRoles.Agent, Name = "Sue", Email = EmailOf(OnlineAgent), DepartmentIds = ["sales"],
        });
        await Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = User, Role = ParticipantRoles.User, Name = "Ada Lovelace", Email = EmailOf(User), Phone = UserPhone,
        });
        var db = Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
            await db.KeyExistsAsync(KeyPrefix + "participant:" + OfflineAgent)
            && await db.KeyExistsAsync(KeyPrefix + "participant:" + OnlineAgent)
            && await db.KeyExistsAsync(KeyPrefix + "participant:" + User), "participants to reach the directory");

        await Platform.Publish(new PresenceChanged { ParticipantId = OnlineAgent, Online = true, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () =>
            (string?)await db.HashGetAsync(KeyPrefix + "presence:" + OnlineAgent, "online") == "1", "the online agent's presence");
    }

    public static MessagePosted Message(string senderId, string senderRole, ConversationInfo conversation, bool first)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new MessagePosted
        {
            MessageId = $"msg-{id}",
            ConversationId = $"conv-{id}",
            Sender = new MessageSender { Id = senderId, Role = senderRole, Name = senderRole == ParticipantRoles.User ? "Ada Lovelace" : "Agent Sam" },
            Text = $"Question {id}: my order has not arrived",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = first,
            Conversation = conversation,
        };
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, Smtp, Providers);
}

/// <summary>Runs alone: the meter and the sources are process-wide, so no other test's traffic mixes into the numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservedPipelineFixture>
{
    public const string Name = "observability";
}
