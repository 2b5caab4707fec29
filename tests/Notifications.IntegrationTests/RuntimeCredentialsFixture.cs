using Notifications.Admin;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Observability;
using Notifications.PushSender;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// The email sender (serving the admin API) and the SMS and push senders started without any provider credentials,
/// so they record to folders, but with every provider endpoint pointed at one HTTP stub: credentials entered at run
/// time are the only way a request can reach it. Fresh vhost and key prefix.
/// </summary>
public sealed class RuntimeCredentialsFixture : IAsyncLifetime
{
    public const string ApiKey = "runtime-credentials-key-0123456789";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public HttpStub Providers { get; private set; } = null!;
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public string RecordRoot { get; } = Path.Combine(Path.GetTempPath(), "runtime-credentials-" + Guid.NewGuid().ToString("N"));
    /// <summary>32 bytes, base64, as <c>openssl rand -base64 32</c> makes them; a fixed one is enough for a test.</summary>
    public const string EncryptionKey = "hO4Xb8yQ2bPp1Wc5m2nS2Ls3q3d8E1rXQ9tqv4s0dUE=";

    public IBus Platform => infrastructure.Platform;
    public WebApplication Admin { get; private set; } = null!;
    public NotificationOutcomes Outcomes { get; } = new();

    /// <summary>Every service's log lines, so a test can check that no secret is ever written.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        Providers = await HttpStub.StartAsync();
        var stub = Providers.BaseUrl.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            // The services' own lines (settings changed, credentials in use) are the ones that could leak a secret.
            ["Logging:LogLevel:Notifications"] = "Information",
            ["Messaging:RetryLimit"] = "1",
            ["Messaging:RetryMaxIntervalMs"] = "100",
            ["Admin:ApiKey"] = ApiKey,
            // Every service has the key: what the console stores is encrypted in Redis, and the senders decrypt it.
            ["Secrets:EncryptionKey"] = EncryptionKey,
            ["Email:PickupDirectory"] = Path.Combine(RecordRoot, "mail"),
            ["Sms:RecordDirectory"] = Path.Combine(RecordRoot, "sms"),
            ["Sms:Twilio:BaseUrl"] = stub,
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
            ["Push:RecordDirectory"] = Path.Combine(RecordRoot, "push"),
            ["Push:OneSignal:BaseUrl"] = stub,
            ["Push:PusherBeams:BaseUrl"] = stub,
            ["Realtime:RecordDirectory"] = Path.Combine(RecordRoot, "realtime"),
            ["Realtime:Pusher:BaseUrl"] = stub,
        };

        Admin = await ServiceHost.StartAsync("Notifications.Admin", builder => AdminHost.Build(Logged(builder)), configuration);
        services.Add(Admin);
        services.Add(await ServiceHost.StartAsync("Notifications.EmailSender", builder => EmailSenderHost.Build(Logged(builder)), configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", builder => SmsSenderHost.Build(Logged(builder)), configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.PushSender", builder => PushSenderHost.Build(Logged(builder)), configuration));

        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

    private WebApplicationBuilder Logged(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(Logs);
        return builder;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await infrastructure.DisposeAsync(services, Providers);
        }
        finally
        {
            if (Directory.Exists(RecordRoot))
                Directory.Delete(RecordRoot, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RuntimeCredentialsCollection : ICollectionFixture<RuntimeCredentialsFixture>
{
    public const string Name = "runtime-credentials";
}
