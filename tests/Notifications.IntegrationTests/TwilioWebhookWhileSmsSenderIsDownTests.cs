using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.Gateway;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SmsSender;

namespace Notifications.IntegrationTests;

/// <summary>
/// The gateway answers Twilio once the broker holds the webhook, not once the SMS sender acted on it: a reply that
/// arrives while the SMS sender is stopped waits in <c>sms-webhooks</c> and reaches the chat when it starts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TwilioWebhookWhileSmsSenderIsDownTests : IAsyncLifetime
{
    private const string AuthToken = "sms-sender-down-auth-token";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly ConcurrentQueue<SmsReplyReceived> replies = new();
    private readonly List<WebApplication> services = [];
    private readonly HttpClient http = new();
    private Dictionary<string, string?> configuration = null!;
    private IBusControl platform = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            // The SMS sender checks the set as a whole; this test sends no SMS.
            ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Sms:Twilio:AuthToken"] = AuthToken,
            ["Sms:Twilio:From"] = "+14155550100",
        };
        services.Add(await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, configuration));
        platform = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(infrastructure.VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint($"sms-sender-down-tests-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<SmsReplyReceived>(context =>
                {
                    replies.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await platform.StartAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await platform.StopAsync();
        await infrastructure.DisposeAsync(services);
    }

    [Fact]
    public async Task AReplyVerifiedWhileTheSmsSenderIsStopped_IsPublishedOnceItStarts()
    {
        const string phone = "+15557654321";
        // What the SMS sender remembered when it texted this number (RedisSmsThreadStore's layout).
        await infrastructure.Redis.GetDatabase().StringSetAsync(infrastructure.KeyPrefix + "sms-thread:" + phone, JsonSerializer.Serialize(
            new { notificationId = "m-down:agent-sms:sms", recipientId = "agent-sms", conversationId = "conv-down", messageId = "m-down" }), TimeSpan.FromMinutes(5));
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["From"] = phone, ["Body"] = "Got it" };
        var url = new Uri(new Uri(services[0].Urls.First()), "/twilio/inbound");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioSigning.Sign(url, fields, AuthToken));

        using var answered = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await Task.Delay(1000);
        Assert.Empty(replies);

        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration));

        await Eventually.TrueAsync(() => replies.Any(r => r.ProviderMessageId == fields["MessageSid"]), "the reply, once the SMS sender runs");
        var reply = Assert.Single(replies);
        Assert.Equal("conv-down", reply.ConversationId);
        Assert.Equal("agent-sms", reply.RecipientId);
        Assert.Equal("Got it", reply.Text);
    }
}
