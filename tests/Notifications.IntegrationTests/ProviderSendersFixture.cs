using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// Two push sender instances (as when scaled out) and one SMS sender on a fresh vhost and key prefix, against one
/// provider stub that can be told to fail. OneSignal is limited to <see cref="OneSignalMaxPerSecond"/> across the
/// instances; the prefetch is small so both instances take part in a burst.
/// </summary>
public sealed class ProviderSendersFixture : IAsyncLifetime
{
    public const int OneSignalMaxPerSecond = 3;
    public const int RetryLimit = 2;

    private TestEnvironment? environment;
    private IBusControl? platformBus;
    private readonly List<WebApplication> senders = [];

    public RabbitMqVirtualHost VirtualHost { get; private set; } = null!;
    public HttpStub Providers { get; private set; } = null!;
    public IConnectionMultiplexer Redis { get; private set; } = null!;
    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}:";
    public IBus Platform => platformBus!;
    public NotificationOutcomes Outcomes { get; } = new();

    public async Task InitializeAsync()
    {
        environment = await TestEnvironment.StartAsync();
        VirtualHost = await RabbitMqVirtualHost.CreateAsync(environment);
        Providers = await HttpStub.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var stub = Providers.BaseUrl.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:rabbitmq"] = VirtualHost.AmqpUrl.ToString(),
            ["ConnectionStrings:redis"] = environment.RedisConfiguration,
            ["Redis:KeyPrefix"] = KeyPrefix,
            ["Messaging:PrefetchCount"] = "3",
            ["Messaging:RetryLimit"] = RetryLimit.ToString(),
            ["Messaging:RetryMinIntervalMs"] = "50",
            ["Messaging:RetryMaxIntervalMs"] = "200",
            ["Sms:Twilio:AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = PipelineFixture.TwilioAuthToken,
            ["Sms:Twilio:From"] = PipelineFixture.TwilioFrom,
            ["Sms:Twilio:BaseUrl"] = stub,
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
            ["Push:Provider"] = "OneSignal",
            ["Push:OneSignal:AppId"] = PipelineFixture.OneSignalAppId,
            ["Push:OneSignal:ApiKey"] = "test-onesignal-key",
            ["Push:OneSignal:BaseUrl"] = stub,
            ["Push:OneSignal:MaxPerSecond"] = OneSignalMaxPerSecond.ToString(),
        };

        senders.Add(await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration));
        senders.Add(await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration));
        senders.Add(await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration));

        platformBus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint("platform-observer", endpoint => Outcomes.Subscribe(endpoint));
        });
        await platformBus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (platformBus is not null)
            await platformBus.StopAsync();
        foreach (var sender in senders)
        {
            await sender.StopAsync();
            await sender.DisposeAsync();
        }
        if (Providers is not null)
            await Providers.DisposeAsync();
        if (Redis is not null)
        {
            await RedisTestKeys.DeleteAllAsync(Redis, KeyPrefix);
            await Redis.DisposeAsync();
        }
        if (VirtualHost is not null)
            await VirtualHost.DisposeAsync();
        if (environment is not null)
            await environment.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ProviderSendersCollection : ICollectionFixture<ProviderSendersFixture>
{
    public const string Name = "provider-senders";
}
