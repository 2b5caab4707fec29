using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// Twilio's webhooks posted to the real gateway (signed as Twilio signs them) are sent to the real SMS sender, which
/// publishes them as events on the real broker; a realtime command reaches the Pusher Channels stub.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SmsWebhookAndRealtimeTests(PipelineFixture pipeline) : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private readonly ConcurrentQueue<SmsReplyReceived> replies = new();
    private readonly ConcurrentQueue<NotificationFailed> failures = new();
    private readonly ConcurrentQueue<NotificationDelivered> deliveries = new();
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
            cfg.ReceiveEndpoint($"webhook-tests-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<SmsReplyReceived>(context => Record(replies, context.Message));
                endpoint.Handler<NotificationFailed>(context => Record(failures, context.Message));
                endpoint.Handler<NotificationDelivered>(context => Record(deliveries, context.Message));
            });
        });
        await listener.StartAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await listener.StopAsync();
    }

    private static Task Record<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task InboundSms_FromATextedParticipant_IsPublishedAsSmsReplyReceived_ForTheirLatestConversation()
    {
        var phone = UniquePhone();
        var sms = SmsCommand(phone, conversationId: "conv-older");
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, sms);
        await WaitForKeyAsync("sms-thread:" + phone);
        var latest = SmsCommand(phone, conversationId: "conv-latest");
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, latest);
        await Eventually.TrueAsync(async () =>
            ((string?)await pipeline.Redis.GetDatabase().StringGetAsync(pipeline.KeyPrefix + "sms-thread:" + phone))?.Contains("conv-latest") == true,
            "the latest SMS to be remembered");

        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["From"] = phone,
            ["To"] = PipelineFixture.TwilioFrom,
            ["Body"] = "Thanks, calling you now",
        };
        using var response = await PostSignedAsync("/twilio/inbound", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response></Response>", await response.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => replies.Any(r => r.ProviderMessageId == fields["MessageSid"]), "SmsReplyReceived");
        var reply = Assert.Single(replies, r => r.ProviderMessageId == fields["MessageSid"]);
        Assert.Equal(latest.Recipient.Id, reply.RecipientId);
        Assert.Equal("conv-latest", reply.ConversationId);
        Assert.Equal(latest.NotificationId, reply.NotificationId);
        Assert.Equal("Thanks, calling you now", reply.Text);
        Assert.Equal(Channels.Sms, reply.Channel);
    }

    [Fact]
    public async Task InboundSms_ReplayedWithAValidSignature_IsAnswered_ButPublishedOnlyOnce()
    {
        var phone = UniquePhone();
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, SmsCommand(phone, conversationId: "conv-replayed"));
        await WaitForKeyAsync("sms-thread:" + phone);
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["From"] = phone,
            ["To"] = PipelineFixture.TwilioFrom,
            ["Body"] = "Replayed reply",
        };

        using var first = await PostSignedAsync("/twilio/inbound", fields);
        using var replay = await PostSignedAsync("/twilio/inbound", fields);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Eventually.TrueAsync(() => replies.Any(r => r.ProviderMessageId == fields["MessageSid"]), "SmsReplyReceived");
        await Task.Delay(1000);
        Assert.Single(replies, r => r.ProviderMessageId == fields["MessageSid"]);
    }

    [Fact]
    public async Task InboundSms_FromAnUnknownNumber_IsAnsweredAndPublishesNothing()
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["From"] = UniquePhone(),
            ["To"] = PipelineFixture.TwilioFrom,
            ["Body"] = "who is this?",
        };

        using var response = await PostSignedAsync("/twilio/inbound", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<Response></Response>", await response.Content.ReadAsStringAsync());
        await Task.Delay(Settle);
        Assert.DoesNotContain(replies, r => r.ProviderMessageId == fields["MessageSid"]);
    }

    [Fact]
    public async Task InboundSms_WithABadSignature_IsForbidden()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = UniquePhone(), ["Body"] = "hi" };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pipeline.GatewayUrl, "/twilio/inbound")) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StatusCallback_Undelivered_IsPublishedAsPermanentNotificationFailed_WithTwiliosErrorCode_AndCounted()
    {
        using var failedCount = new CounterListener("notifications.failed", (Notifications.ServiceDefaults.Telemetry.NotificationsTelemetry.Channel, Channels.Sms), (Notifications.ServiceDefaults.Telemetry.NotificationsTelemetry.Provider, "twilio"), ("permanent", true));
        var sms = SmsCommand(UniquePhone(), conversationId: "conv-status");
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, sms);
        var sid = await MessageSidOfAsync(sms.NotificationId);

        using var response = await PostSignedAsync("/twilio/status", new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["MessageStatus"] = "undelivered",
            ["ErrorCode"] = "30003",
            ["AccountSid"] = PipelineFixture.TwilioAccountSid,
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(() => failures.Any(f => f.NotificationId == sms.NotificationId), "NotificationFailed");
        var failed = Assert.Single(failures, f => f.NotificationId == sms.NotificationId);
        Assert.True(failed.Permanent);
        Assert.Contains("undelivered", failed.Reason);
        Assert.Contains("30003", failed.Reason);
        Assert.Equal("conv-status", failed.ConversationId);
        Assert.Equal(Channels.Sms, failed.Channel);
        // The send itself succeeded (nothing failed then): only the callback can have counted this failure.
        Assert.True(failedCount.Total >= 1, "notifications.failed was not counted for the undelivered SMS");
    }

    [Fact]
    public async Task StatusCallback_ForAnUnknownSid_IsAnswered_AndPublishesNothing()
    {
        var before = (failures.Count, deliveries.Count);

        using var response = await PostSignedAsync("/twilio/status", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["MessageStatus"] = "failed",
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Task.Delay(Settle);
        Assert.Equal(before, (failures.Count, deliveries.Count));
    }

    [Fact]
    public async Task StatusCallback_Delivered_IsPublishedAsNotificationDelivered()
    {
        var sms = SmsCommand(UniquePhone(), conversationId: "conv-delivered");
        await pipeline.Platform.SendToQueueAsync(QueueNames.SendSms, sms);
        var sid = await MessageSidOfAsync(sms.NotificationId);
        // The provider's acceptance is published at send time; the status callback adds the handset's receipt.
        await Eventually.TrueAsync(() => deliveries.Count(d => d.NotificationId == sms.NotificationId) == 1, "the acceptance");

        using var response = await PostSignedAsync("/twilio/status", new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(() => deliveries.Count(d => d.NotificationId == sms.NotificationId) == 2, "the delivery receipt");
        Assert.All(deliveries.Where(d => d.NotificationId == sms.NotificationId), d => Assert.Equal("twilio", d.Provider));
    }

    [Fact]
    public async Task RealtimeCommand_TriggersASignedEventOnTheRecipientsPrivateChannel()
    {
        var command = new SendRealtimeNotification
        {
            NotificationId = $"m-{Guid.NewGuid():N}:agent-rt:realtime",
            Rule = "A1",
            Recipient = new NotificationRecipient { Id = "agent-rt", Role = ParticipantRoles.Agent, Name = "Rita" },
            Message = Message("conv-rt"),
        };

        await pipeline.Platform.SendToQueueAsync(QueueNames.SendRealtime, command);

        await Eventually.TrueAsync(() => pipeline.Providers.Requests.Any(r => r.Body.Contains(command.NotificationId)), "the Pusher Channels request");
        var request = Assert.Single(pipeline.Providers.Requests, r => r.Body.Contains(command.NotificationId));
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/apps/{PipelineFixture.PusherAppId}/events", request.Path);
        Assert.Contains("private-user-agent-rt", request.Body);
        await Eventually.TrueAsync(() => deliveries.Any(d => d.NotificationId == command.NotificationId && d.Provider == "pusher-channels"), "NotificationDelivered");
    }

    private static string UniquePhone() => "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    private static NotifiedMessage Message(string conversationId) => new()
    {
        MessageId = "m-" + Guid.NewGuid().ToString("N"),
        ConversationId = conversationId,
        Sender = new MessageSender { Id = HelpDesk.User, Role = ParticipantRoles.User, Name = "Ada Lovelace" },
        Text = "Is my order on its way?",
        PostedAt = DateTimeOffset.UtcNow,
    };

    private static SendSms SmsCommand(string phone, string conversationId)
    {
        var message = Message(conversationId);
        return new SendSms
        {
            NotificationId = $"{message.MessageId}:agent-sms:sms",
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-sms", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = message,
        };
    }


    private async Task WaitForKeyAsync(string suffix) =>
        await Eventually.TrueAsync(() => pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + suffix), suffix);

    /// <summary>The sid the Twilio stub gave the SMS, as the sender remembered it.</summary>
    private async Task<string> MessageSidOfAsync(string notificationId)
    {
        var server = pipeline.Redis.GetServers()[0];
        string? sid = null;
        await Eventually.TrueAsync(async () =>
        {
            await foreach (var key in server.KeysAsync(pattern: pipeline.KeyPrefix + "sms-sid:*"))
            {
                if (((string?)await pipeline.Redis.GetDatabase().StringGetAsync(key))?.Contains(notificationId) == true)
                {
                    sid = key.ToString()[(pipeline.KeyPrefix + "sms-sid:").Length..];
                    return true;
                }
            }
            return false;
        }, "the SMS's MessageSid in Redis");
        return sid!;
    }

    /// <summary>Posts a form as Twilio does: signed over the URL the gateway sees and the fields, with the auth token.</summary>
    private async Task<HttpResponseMessage> PostSignedAsync(string path, Dictionary<string, string> fields)
    {
        var url = new Uri(pipeline.GatewayUrl, path);
        var data = new StringBuilder(url.ToString());
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(field.Key).Append(field.Value);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(
            Encoding.UTF8.GetBytes(PipelineFixture.TwilioAuthToken), Encoding.UTF8.GetBytes(data.ToString())));

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await http.SendAsync(request);
    }
}
