using Notifications.Admin;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.Gateway;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.Router;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// The whole pipeline for one test run: a fresh vhost on the real broker, a fresh key prefix on the real Redis,
/// an in-process SMTP server and provider HTTP stubs, the four real services, and a bus the tests publish on
/// as the chat platform would.
/// </summary>
public class PipelineFixture : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];
    private Dictionary<string, string?> configuration = [];

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public SmtpSink Smtp { get; } = new();
    public HttpStub Providers { get; private set; } = null!;
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IBus Platform => infrastructure.Platform;

    /// <summary>Every delivery result and suppression the system published, as the platform receives them.</summary>
    public NotificationOutcomes Outcomes { get; } = new();

    public ErrorQueueReader ErrorQueues { get; private set; } = null!;

    public const string TwilioAccountSid = "AC00000000000000000000000000000001";
    public const string TwilioFrom = "+15550000000";
    public const string OneSignalAppId = "00000000-0000-0000-0000-0000000000aa";
    public const string TwilioAuthToken = "test-auth-token-not-secret";
    public const string PusherAppId = "4242";

    /// <summary>How long the router waits for unknown recipients' participant events (shorter than the default, to keep tests quick).</summary>
    public const int DirectoryWaitSeconds = 2;

    /// <summary>Opens the email sender's admin API (channel switches) to the tests.</summary>
    public const string AdminApiKey = "pipeline-admin-key-0123456789";

    /// <summary>The admin service (admin API and console).</summary>
    public Uri AdminUrl { get; private set; } = null!;

    /// <summary>The public gateway (the HTTP ingest and Twilio's webhooks).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The HTTP ingest's signing key in this run.</summary>
    public const string IngestSigningKey = "pipeline-ingest-signing-key-0123456789";

    /// <summary>The public base of the unsubscribe links in users' emails; the tests post their paths to <see cref="GatewayUrl"/>.</summary>
    public const string UnsubscribeBaseUrl = "https://help.example.test";

    public const string UnsubscribeSigningKey = "pipeline-unsubscribe-signing-key-0123456789";

    public const string UnsubscribeMailbox = "unsubscribe@helpdesk.test";

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        ErrorQueues = new ErrorQueueReader(VirtualHost);
        Providers = await HttpStub.StartAsync();

        configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Routing:TakeoverGraceSeconds"] = "3",
            ["Routing:DirectoryWaitSeconds"] = DirectoryWaitSeconds.ToString(),
            ["Events:MessageRouted"] = "true",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:FromName"] = "Help desk",
            ["Email:AdminBaseUrl"] = "https://admin.helpdesk.test",
            ["Sms:Twilio:AccountSid"] = TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = TwilioAuthToken,
            ["Sms:Twilio:From"] = TwilioFrom,
            ["Sms:Twilio:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            ["Push:Provider"] = "OneSignal",
            ["Push:OneSignal:AppId"] = OneSignalAppId,
            ["Push:OneSignal:ApiKey"] = "test-onesignal-key",
            ["Push:OneSignal:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
            ["Realtime:Pusher:AppId"] = PusherAppId,
            ["Realtime:Pusher:Key"] = "test-pusher-key",
            ["Realtime:Pusher:Secret"] = "test-pusher-secret",
            ["Realtime:Pusher:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            ["Admin:ApiKey"] = AdminApiKey,
            ["Ingest:SigningKey"] = IngestSigningKey,
            ["Email:PublicBaseUrl"] = UnsubscribeBaseUrl,
            ["Email:UnsubscribeSigningKey"] = UnsubscribeSigningKey,
            ["Email:UnsubscribeMailbox"] = UnsubscribeMailbox,
        };
        Configure(configuration);

        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration));
        AdminUrl = new Uri(services[^1].Urls.First());
        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, configuration));
        GatewayUrl = new Uri(services[^1].Urls.First());

        await infrastructure.StartPlatformBusAsync(Outcomes);
        await HelpDesk.PublishAsync(this);
    }

    /// <summary>Stops the router (as a crash or a deployment would) and starts a new one on the same queues.</summary>
    /// <param name="services">Added to the new router's services before it is built (a test's hook into it).</param>
    public async Task RestartRouterAsync(Action<IServiceCollection>? services = null)
    {
        var router = this.services[0];
        await router.StopAsync();
        await router.DisposeAsync();
        this.services[0] = await ServiceHost.StartAsync("Notifications.Router", builder =>
        {
            services?.Invoke(builder.Services);
            return RouterHost.Build(builder);
        }, configuration);
    }

    /// <summary>A derived fixture's own keys on top of the pipeline's (the delay window's tests set their windows).</summary>
    protected virtual void Configure(Dictionary<string, string?> configuration)
    {
    }

    /// <summary>Stops the router and the three channel senders together (a deployment of all of them), then starts new ones on the same queues.</summary>
    public async Task RestartRouterAndSendersAsync()
    {
        (int Index, string Name, Func<WebApplicationBuilder, WebApplication> Build)[] restarted =
        [
            (0, "Notifications.Router", RouterHost.Build),
            (1, "Notifications.EmailSender", EmailSenderHost.Build),
            (3, "Notifications.SmsSender", SmsSenderHost.Build),
            (4, "Notifications.PushSender", PushSenderHost.Build),
        ];
        foreach (var (index, _, _) in restarted)
        {
            await services[index].StopAsync();
            await services[index].DisposeAsync();
        }
        foreach (var (index, name, build) in restarted)
            services[index] = await ServiceHost.StartAsync(name, build, configuration);
    }

    /// <summary>Waits until the router has written the participant into the directory.</summary>
    public async Task WaitForParticipantsAsync(params string[] ids)
    {
        var db = Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
            {
                if (!await db.KeyExistsAsync(KeyPrefix + "participant:" + id))
                    return false;
            }
            return true;
        }, "participants to reach the directory");
    }

    /// <summary>The participant comes online and leaves again: a new offline session starts (U2).</summary>
    public async Task StartOfflineSessionAsync(string id)
    {
        var now = DateTimeOffset.UtcNow;
        await Platform.Publish(new PresenceChanged { ParticipantId = id, Online = true, At = now });
        await WaitForPresenceAsync(id, online: true);
        await Platform.Publish(new PresenceChanged { ParticipantId = id, Online = false, At = now.AddMilliseconds(1) });
        await WaitForPresenceAsync(id, online: false);
    }

    public async Task WaitForPresenceAsync(string id, bool online)
    {
        var db = Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
            (string?)await db.HashGetAsync(KeyPrefix + "presence:" + id, "online") == (online ? "1" : "0"),
            $"presence of {id} to be {(online ? "online" : "offline")}");
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, Smtp, Providers);
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
