using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 4, against the running gateway and SMS sender: a forged webhook and an oversized one are refused cheaply and
/// publish nothing; a reply replayed after its first 3 days is still recognised as a replay.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TwilioWebhookLimitsTests(PipelineFixture pipeline) : IAsyncLifetime
{
    private readonly ConcurrentQueue<SmsReplyReceived> replies = new();
    private readonly HttpClient http = new();
    private IBusControl listener = null!;

    public async Task InitializeAsync()
    {
        listener = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(pipeline.VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint($"webhook-limit-tests-{Guid.NewGuid():N}", endpoint =>
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
        await listener.StartAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await listener.StopAsync();
    }

    [Fact]
    public async Task ForgedInboundSms_SignedWithAnotherToken_IsForbidden_AndPublishesNothing()
    {
        var reply = await ReplyToATextedNumberAsync("forged reply");

        using var response = await PostAsync("/twilio/inbound", new FormUrlEncodedContent(reply), TwilioSigning.Sign(Url("/twilio/inbound"), reply, "not-the-auth-token"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await Task.Delay(1000);
        Assert.DoesNotContain(replies, r => r.ProviderMessageId == reply["MessageSid"]);
    }

    [Fact]
    public async Task OversizedWebhook_Is413BeforeTheSignatureCheck_DeclaredOrChunked()
    {
        var reply = await ReplyToATextedNumberAsync(new string('x', 70_000));
        var signature = TwilioSigning.Sign(Url("/twilio/inbound"), reply, PipelineFixture.TwilioAuthToken);

        using var declared = await PostAsync("/twilio/inbound", new FormUrlEncodedContent(reply), signature);
        using var chunked = await PostAsync("/twilio/inbound", new UnknownLengthContent(new FormUrlEncodedContent(reply)), signature);
        using var status = await PostAsync("/twilio/status", new FormUrlEncodedContent(reply), signature);

        foreach (var response in new[] { declared, chunked, status })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("larger than 65536 bytes", await response.Content.ReadAsStringAsync());
        }
        await Task.Delay(1000);
        Assert.DoesNotContain(replies, r => r.ProviderMessageId == reply["MessageSid"]);
    }

    [Fact]
    public async Task LongestRealReply_InANonLatinScript_IsUnderTheLimit_AndPublished()
    {
        // 1,600 characters of Devanagari: about 14 KB once percent-encoded.
        var reply = await ReplyToATextedNumberAsync(string.Concat(Enumerable.Repeat("नमस्ते", 267))[..1600]);

        using var response = await PostAsync("/twilio/inbound", new FormUrlEncodedContent(reply),
            TwilioSigning.Sign(Url("/twilio/inbound"), reply, PipelineFixture.TwilioAuthToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => replies.Any(r => r.ProviderMessageId == reply["MessageSid"]), "the long reply");
    }

    [Fact]
    public async Task InboundSms_ReplayedAfterThreeDays_WhileItsThreadLives_IsPublishedOnlyOnce()
    {
        var reply = await ReplyToATextedNumberAsync("reply worth replaying");
        var signature = TwilioSigning.Sign(Url("/twilio/inbound"), reply, PipelineFixture.TwilioAuthToken);
        using (var first = await PostAsync("/twilio/inbound", new FormUrlEncodedContent(reply), signature))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Eventually.TrueAsync(() => replies.Any(r => r.ProviderMessageId == reply["MessageSid"]), "the reply");

        // Three days and an hour pass in Redis: every key's time to live shrinks by that much, and a key whose time
        // is up is gone. The reply's thread (14 days) still maps the number to the conversation.
        var elapsed = TimeSpan.FromDays(3) + TimeSpan.FromHours(1);
        var db = pipeline.Redis.GetDatabase();
        foreach (var key in new[] { $"twilio-webhook:inbound:{reply["MessageSid"]}:", "sms-thread:" + reply["From"] })
        {
            var ttl = await db.KeyTimeToLiveAsync(pipeline.KeyPrefix + key);
            Assert.NotNull(ttl);
            if (ttl <= elapsed)
                await db.KeyDeleteAsync(pipeline.KeyPrefix + key);
            else
                await db.KeyExpireAsync(pipeline.KeyPrefix + key, ttl - elapsed);
        }

        using var replay = await PostAsync("/twilio/inbound", new FormUrlEncodedContent(reply), signature);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Task.Delay(1500);
        Assert.Single(replies, r => r.ProviderMessageId == reply["MessageSid"]);
    }

    /// <summary>Texts a fresh number through the real sender, then answers a reply from it as Twilio would post it.</summary>
    private async Task<Dictionary<string, string>> ReplyToATextedNumberAsync(string body)
    {
        var phone = "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var message = new NotifiedMessage
        {
            MessageId = "m-" + Guid.NewGuid().ToString("N"),
            ConversationId = "conv-webhook-limits",
            Sender = new MessageSender { Id = HelpDesk.User, Role = ParticipantRoles.User, Name = "Ada Lovelace" },
            Text = "Is my order on its way?",
            PostedAt = DateTimeOffset.UtcNow,
        };
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, new SendSms
        {
            NotificationId = $"{message.MessageId}:agent-sms:sms",
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-sms", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = message,
        });
        await Eventually.TrueAsync(() => pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + "sms-thread:" + phone), "the SMS thread");
        return new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["From"] = phone,
            ["To"] = PipelineFixture.TwilioFrom,
            ["Body"] = body,
        };
    }

    private Uri Url(string path) => new(pipeline.GatewayUrl, path);

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = content };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await http.SendAsync(request);
    }

    /// <summary>A body sent chunked, without Content-Length, as a client that wants to get past a declared-length check would.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly HttpContent inner;

        public UnknownLengthContent(HttpContent inner)
        {
            this.inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
