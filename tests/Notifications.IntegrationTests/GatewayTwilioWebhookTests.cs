using System.Collections.Concurrent;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.Gateway;
using Notifications.Gateway.TwilioWebhooks;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.IntegrationTests;

/// <summary>
/// Twilio's webhooks on the real gateway, against the real broker and Redis: only a webhook Twilio signed, with the auth
/// token in effect (configured or entered at run time) over the public URL, is sent on to <c>sms-webhooks</c>, as posted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayTwilioWebhookTests : IAsyncLifetime
{
    private const string AuthToken = "gateway-webhook-auth-token";
    private const string PublicBase = "https://notifications.example.test/hooks";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly ConcurrentQueue<TwilioWebhookReceived> forwarded = new();
    private readonly HttpClient http = new();
    private IBusControl smsSenderQueue = null!;
    private WebApplication gateway = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Sms:Twilio:AuthToken"] = AuthToken,
            ["Sms:Twilio:PublicWebhookBaseUrl"] = PublicBase,
        };
        gateway = await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, configuration);
        // Stands in for the SMS sender: reads what the gateway sent to its queue.
        smsSenderQueue = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(infrastructure.VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint(QueueNames.SmsWebhooks, endpoint => endpoint.Handler<TwilioWebhookReceived>(context =>
            {
                forwarded.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await smsSenderQueue.StartAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await smsSenderQueue.StopAsync();
        await infrastructure.DisposeAsync([gateway]);
    }

    private static Dictionary<string, string> Inbound() => new()
    {
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
        ["From"] = "+15005550006",
        ["To"] = "+14155550100",
        ["Body"] = "On my way",
    };

    private static string Sign(string path, IReadOnlyDictionary<string, string> fields, string token = AuthToken) =>
        TwilioSigning.Sign(new Uri(PublicBase + path), fields, token);

    private async Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> fields, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(gateway.Urls.First()), path)) { Content = new FormUrlEncodedContent(fields) };
        if (signature is not null)
            request.Headers.Add(TwilioSignature.Header, signature);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Inbound_SignedByTwilio_IsAnsweredWithEmptyTwiml_AndSentToTheSmsSendersQueueAsPosted()
    {
        var fields = Inbound();

        using var response = await PostAsync("/twilio/inbound", fields, Sign("/twilio/inbound", fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response></Response>", await response.Content.ReadAsStringAsync());
        // Answered after the broker confirmed: the command is on the queue already.
        await Eventually.TrueAsync(() => forwarded.Any(w => w.Form.GetValueOrDefault("MessageSid") == fields["MessageSid"]), "the forwarded webhook");
        var webhook = Assert.Single(forwarded, w => w.Form.GetValueOrDefault("MessageSid") == fields["MessageSid"]);
        Assert.Equal(TwilioWebhookKinds.Inbound, webhook.Kind);
        Assert.Equal(fields.OrderBy(f => f.Key), webhook.Form.OrderBy(f => f.Key));
    }

    [Fact]
    public async Task Status_SignedByTwilio_Is204_AndSentAsAStatusWebhook()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["MessageStatus"] = "delivered" };

        using var response = await PostAsync("/twilio/status", fields, Sign("/twilio/status", fields));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(() => forwarded.Any(w => w.Kind == TwilioWebhookKinds.Status && w.Form["MessageSid"] == fields["MessageSid"]), "the status webhook");
    }

    [Fact]
    public async Task Webhooks_NotSignedByTwilioForThisUrlAndForm_AreForbidden_AndSendNothing()
    {
        var tampered = Inbound();
        var signature = Sign("/twilio/inbound", tampered);
        tampered["Body"] = "Send me money";
        var otherUrl = Inbound();
        var otherToken = Inbound();
        var unsigned = Inbound();
        var unsignedStatus = new Dictionary<string, string> { ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["MessageStatus"] = "delivered" };

        using var tamperedAnswer = await PostAsync("/twilio/inbound", tampered, signature);
        using var otherUrlAnswer = await PostAsync("/twilio/inbound", otherUrl, TwilioSigning.Sign(new Uri("https://elsewhere.example.test/twilio/inbound"), otherUrl, AuthToken));
        using var otherTokenAnswer = await PostAsync("/twilio/inbound", otherToken, Sign("/twilio/inbound", otherToken, token: "another-token"));
        using var unsignedAnswer = await PostAsync("/twilio/inbound", unsigned, signature: null);
        using var unsignedStatusAnswer = await PostAsync("/twilio/status", unsignedStatus, signature: null);

        foreach (var answer in new[] { tamperedAnswer, otherUrlAnswer, otherTokenAnswer, unsignedAnswer, unsignedStatusAnswer })
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        await Task.Delay(1000);
        Assert.Empty(forwarded);
    }

    [Fact]
    public async Task ATokenEnteredAtRunTime_ReplacesTheConfiguredOne_WithoutARestart()
    {
        const string runtimeToken = "token-entered-in-the-console";
        await gateway.Services.GetRequiredService<ProviderSettingsStore>().SaveAsync(new RuntimeProviderSettings
        {
            Twilio = new TwilioCredentials { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = runtimeToken, From = "+14155550100" },
        });
        var withConfigured = Inbound();
        var withRuntime = Inbound();

        HttpResponseMessage accepted = null!;
        await Eventually.TrueAsync(async () => (accepted = await PostAsync("/twilio/inbound", withRuntime, Sign("/twilio/inbound", withRuntime, runtimeToken))).StatusCode == HttpStatusCode.OK,
            "the run-time token to be in effect");
        using var refused = await PostAsync("/twilio/inbound", withConfigured, Sign("/twilio/inbound", withConfigured));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await Eventually.TrueAsync(() => forwarded.Any(w => w.Form["MessageSid"] == withRuntime["MessageSid"]), "the webhook signed with the run-time token");
        Assert.DoesNotContain(forwarded, w => w.Form["MessageSid"] == withConfigured["MessageSid"]);
    }

    [Fact]
    public async Task StoredCredentialsThatCannotBeRead_Are503_NotARefusal()
    {
        // The token in effect is unknown, not absent: Twilio retries, and the webhook is checked once they are readable.
        await infrastructure.Redis.GetDatabase().StringSetAsync(infrastructure.KeyPrefix + "providers:settings", "{ not json");
        var fields = Inbound();

        using var response = await PostAsync("/twilio/inbound", fields, Sign("/twilio/inbound", fields));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        await Task.Delay(500);
        Assert.Empty(forwarded);
    }

    [Fact]
    public void PublicUrl_WithoutAConfiguredBase_IsTheRequestUrl()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5100);
        context.Request.Path = "/twilio/inbound";
        context.Request.QueryString = new QueryString("?a=1");

        Assert.Equal("http://127.0.0.1:5100/twilio/inbound?a=1", TwilioSignature.PublicUrlOf(context.Request, new TwilioWebhookSigning()));
        Assert.Equal("https://notifications.example.test/hooks/twilio/inbound?a=1",
            TwilioSignature.PublicUrlOf(context.Request, new TwilioWebhookSigning { PublicWebhookBaseUrl = PublicBase + "/" }));
    }
}
