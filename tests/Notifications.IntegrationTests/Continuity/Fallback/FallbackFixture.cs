using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// The real router, email sender and SMS sender on a fresh vhost and key prefix, against the in-process SMTP server and
/// the Twilio HTTP stub, with <c>Sms:Mode</c> as the derived fixture sets it and no delay window (<c>Email:DelaySeconds=0</c>).
/// </summary>
public abstract class FallbackFixture(string smsMode) : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];

    public SmtpSink Smtp { get; } = new();
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
            ["Sms:Mode"] = smsMode,
            ["Email:DelaySeconds"] = "0",
            ["Events:MessageRouted"] = "true",
            ["Routing:DirectoryWaitSeconds"] = "2",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:FromName"] = "Help desk",
            ["Email:AdminBaseUrl"] = "https://admin.helpdesk.test",
            ["Sms:Twilio:AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = PipelineFixture.TwilioAuthToken,
            ["Sms:Twilio:From"] = PipelineFixture.TwilioFrom,
            ["Sms:Twilio:BaseUrl"] = stub,
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
        };
        Configure(configuration);
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration));
        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

    /// <summary>What a derived fixture sets beside the fallback set-up.</summary>
    protected virtual void Configure(Dictionary<string, string?> configuration)
    {
    }

    public async Task WaitForParticipantsAsync(params string[] ids)
    {
        var db = Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
                if (!await db.KeyExistsAsync(KeyPrefix + "participant:" + id))
                    return false;
            return true;
        }, "participants to reach the directory");
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, Smtp, Providers);
}

/// <summary><c>Sms:Mode=Fallback</c>: an SMS only when the email cannot reach the recipient.</summary>
public sealed class SmsFallbackFixture() : FallbackFixture("Fallback");

/// <summary><c>Sms:Mode=Always</c> (the default, spelt out): the SMS beside the email, and the email as the SMS's fallback.</summary>
public sealed class SmsAlwaysFixture() : FallbackFixture("Always");

/// <summary>
/// <c>Sms:Mode=Fallback</c> with escalation after 2 s, on a directory of its own: a message's agent is also its
/// escalation's (every agent, when the conversation has no assignee or last agent).
/// </summary>
public sealed class EscalationFallbackFixture() : FallbackFixture("Fallback")
{
    public const int EscalateAfterSeconds = 2;

    protected override void Configure(Dictionary<string, string?> configuration) =>
        configuration["Routing:EscalateAfterSeconds"] = EscalateAfterSeconds.ToString();
}

[CollectionDefinition(Name)]
public sealed class EscalationFallbackCollection : ICollectionFixture<EscalationFallbackFixture>
{
    public const string Name = "escalation-fallback";
}

[CollectionDefinition(Name)]
public sealed class SmsFallbackCollection : ICollectionFixture<SmsFallbackFixture>
{
    public const string Name = "sms-fallback";
}

[CollectionDefinition(Name)]
public sealed class SmsAlwaysCollection : ICollectionFixture<SmsAlwaysFixture>
{
    public const string Name = "sms-always";
}
