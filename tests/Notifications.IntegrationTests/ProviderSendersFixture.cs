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

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> senders = [];

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public HttpStub Providers { get; private set; } = null!;
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IBus Platform => infrastructure.Platform;
    public NotificationOutcomes Outcomes { get; } = new();

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        Providers = await HttpStub.StartAsync();
        var stub = Providers.BaseUrl.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Messaging:PrefetchCount"] = "3",
            ["Messaging:RetryLimit"] = RetryLimit.ToString(),
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

        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(senders, Providers);
}

[CollectionDefinition(Name)]
public sealed class ProviderSendersCollection : ICollectionFixture<ProviderSendersFixture>
{
    public const string Name = "provider-senders";
}
