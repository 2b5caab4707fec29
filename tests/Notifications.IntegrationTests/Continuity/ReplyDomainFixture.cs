using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.EmailSender;
using Notifications.Gateway;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Continuity;

/// <summary>
/// What the bounce and the reply fixtures both run: the real email sender and the real gateway on a fresh vhost and
/// key prefix, with the reply domain and its signing key set (so each email gets its VERP bounce address and its
/// Reply-To, and the gateway accepts the mail that comes back to them), the email sender talking to a
/// <see cref="ScriptedSmtpServer"/>. Each fixture adds the settings of what it tests (<see cref="Settings"/>).
/// </summary>
public abstract class ReplyDomainFixture : IAsyncLifetime
{
    public const string ReplyDomain = "reply.helpdesk.test";
    public const string SigningKey = "integration-reply-signing-key-0123456789abcdef";
    public const string InboundSecret = "integration-inbound-secret-0123456789abcdef";

    private readonly IsolatedInfrastructure infrastructure = new();

    public ScriptedSmtpServer Smtp { get; } = new();
    public NotificationOutcomes Outcomes { get; } = new();
    public IBus Platform => infrastructure.Platform;
    public WebApplication EmailSender { get; private set; } = null!;
    public WebApplication Gateway { get; private set; } = null!;
    public HttpClient Http { get; } = new();

    /// <summary>The fixture's own settings, over the shared ones.</summary>
    protected abstract IReadOnlyDictionary<string, string?> Settings();

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:ReplyDomain"] = ReplyDomain,
            ["Email:ReplySigningKey"] = SigningKey,
            ["Email:Inbound:SharedSecret"] = InboundSecret,
        };
        foreach (var (key, value) in Settings())
            configuration[key] = value;
        EmailSender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        Gateway = await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, configuration);
        Http.BaseAddress = new Uri(Gateway.Urls.First());
        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await infrastructure.DisposeAsync([Gateway, EmailSender], Smtp);
    }
}
