using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Notifications.Gateway;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;

namespace Notifications.IntegrationTests;

/// <summary>
/// The gateway's broker goes away (a TCP proxy in front of the real broker is closed): the ingest answers 503 with
/// Retry-After and accepts nothing, and once the broker is back the same request is 202 and reaches the router. A
/// verified Twilio webhook is 503 too (Twilio retries it), and answered once the broker holds it again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayBrokerDownTests : IAsyncLifetime
{
    private const string Key = "broker-down-ingest-key-0123456789";
    private const string TwilioAuthToken = "broker-down-twilio-auth-token";
    private readonly IsolatedInfrastructure infrastructure = new();
    private TcpProxy rabbitProxy = null!;
    private readonly List<WebApplication> services = [];
    private WebApplication gateway = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var vhost = infrastructure.VirtualHost;
        rabbitProxy = new TcpProxy(vhost.AmqpUrl.Host, vhost.AmqpUrl.IsDefaultPort ? 5672 : vhost.AmqpUrl.Port);
        rabbitProxy.Open();
        var configuration = infrastructure.Configuration();
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));

        var proxied = new Dictionary<string, string?>(configuration)
        {
            ["ConnectionStrings:rabbitmq"] = new UriBuilder(vhost.AmqpUrl) { Host = "127.0.0.1", Port = rabbitProxy.Port }.Uri.ToString(),
            ["Ingest:SigningKey"] = Key,
            ["Ingest:PublishTimeoutSeconds"] = "2",
            ["Sms:Twilio:AuthToken"] = TwilioAuthToken,
        };
        gateway = await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, proxied);
        services.Add(gateway);
    }

    [Fact]
    public async Task BrokerDown_Is503WithRetryAfter_ThenTheRetryIsAcceptedAndReachesTheRouter()
    {
        using var ingest = new SignedIngest(new Uri(gateway.Urls.First()), Key);
        var id = "agent-ingest-" + Guid.NewGuid().ToString("N")[..8];
        var json = $$"""{"participantId":"{{id}}","role":"agent","name":"Ingested"}""";

        rabbitProxy.Close();
        var refused = await ingest.PostAsync("ParticipantUpserted", json);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        await Task.Delay(1000);
        Assert.False(await infrastructure.Redis.GetDatabase().KeyExistsAsync($"{infrastructure.KeyPrefix}participant:{id}"));

        rabbitProxy.Open();
        HttpResponseMessage accepted = null!;
        await Eventually.TrueAsync(async () => (accepted = await ingest.PostAsync("ParticipantUpserted", json)).StatusCode == HttpStatusCode.Accepted,
            "the retried request to be accepted once the broker is back", TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(() => infrastructure.Redis.GetDatabase().KeyExistsAsync($"{infrastructure.KeyPrefix}participant:{id}"), "the router to store the participant");
    }

    [Fact]
    public async Task BrokerDown_AVerifiedTwilioWebhookIs503WithRetryAfter_ThenTheRetryIsAnswered()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["MessageStatus"] = "delivered" };
        var url = new Uri(new Uri(gateway.Urls.First()), "/twilio/status");
        using var http = new HttpClient();
        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("X-Twilio-Signature", TwilioSigning.Sign(url, fields, TwilioAuthToken));
            return await http.SendAsync(request);
        }

        rabbitProxy.Close();
        using var refused = await PostAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        rabbitProxy.Open();
        await Eventually.TrueAsync(async () => (await PostAsync()).StatusCode == HttpStatusCode.NoContent,
            "Twilio's retry to be answered once the broker is back", TimeSpan.FromSeconds(90));
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, rabbitProxy);
}
