using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Notifications.Admin;
using Notifications.Admin.AdminApi;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.Signing;
using Notifications.WebhookSender;
using Notifications.WebhookSender.Posting;

namespace Notifications.IntegrationTests.Webhooks;

/// <summary>
/// The way back for platforms without AMQP, against the real broker, Redis and a real HTTP receiver: what the system
/// publishes is posted once, signed with Webhooks:SigningKey; a receiver that is down gets it after the delay ladder
/// brought it back; one that refuses it leaves a dead letter the admin API lists and replays.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string SigningKey = "webhook-test-signing-key";
    private const string ApiKey = "webhook-test-admin-key";

    private readonly IsolatedInfrastructure infrastructure = new();
    private HttpStub receiver = null!;
    private WebApplication? sender;
    private WebApplication? admin;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        receiver = await HttpStub.StartAsync();
        await infrastructure.StartPlatformBusAsync();
    }

    [Fact]
    public async Task A_published_outcome_is_posted_once_signed_with_the_key_and_carrying_the_event()
    {
        await StartSenderAsync();
        var delivered = Delivered();

        await infrastructure.Platform.Publish(delivered);
        await Eventually.TrueAsync(() => receiver.RequestsFor(delivered.NotificationId).Count > 0, "the webhook to arrive");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var request = Assert.Single(receiver.RequestsFor(delivered.NotificationId));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks", request.Path);
        Assert.Null(RequestSignature.Problem(SigningKey, request.Headers[RequestSignature.TimestampHeader], request.Headers[RequestSignature.SignatureHeader],
            Encoding.UTF8.GetBytes(request.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        Assert.NotNull(RequestSignature.Problem("another-key", request.Headers[RequestSignature.TimestampHeader], request.Headers[RequestSignature.SignatureHeader],
            Encoding.UTF8.GetBytes(request.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("NotificationDelivered", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(request.Headers[WebhookHeaders.Id], body.RootElement.GetProperty("id").GetString());
        Assert.True(Guid.TryParse(request.Headers[WebhookHeaders.Id], out _));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(delivered.NotificationId, data.GetProperty("notificationId").GetString());
        Assert.Equal("twilio", data.GetProperty("provider").GetString());
        Assert.Equal(delivered.DeliveredAt, body.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_receiver_answering_503_gets_the_webhook_after_redelivery_once_with_the_same_id()
    {
        await StartSenderAsync();
        var delivered = Delivered();
        // Three attempts in memory (Messaging:RetryLimit 2) fail, then the first redelivery's first: the fifth is taken.
        receiver.Plan(delivered.NotificationId, Enumerable.Repeat(new StubAnswer(503, "down for maintenance"), 4).ToArray());

        await infrastructure.Platform.Publish(delivered);
        await Eventually.TrueAsync(() => receiver.RequestsFor(delivered.NotificationId).Count >= 5, "the webhook to be posted again after redelivery");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var requests = receiver.RequestsFor(delivered.NotificationId);
        Assert.Equal(5, requests.Count);
        Assert.Single(requests.Select(r => r.Headers[WebhookHeaders.Id]).Distinct());
        using var client = await AdminClientAsync();
        Assert.Empty(await DeadLettersAsync(client));
        Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.ErrorQueueOf(QueueNames.SendWebhook)));
    }

    [Fact]
    public async Task A_receiver_down_for_every_attempt_leaves_a_dead_letter_after_the_last_and_nothing_in_the_error_queue()
    {
        await StartSenderAsync();
        var delivered = Delivered();
        receiver.Plan(delivered.NotificationId, Enumerable.Repeat(new StubAnswer(503, "down for maintenance"), 100).ToArray());
        using var client = await AdminClientAsync();

        await infrastructure.Platform.Publish(delivered);
        JsonElement letter = default;
        await Eventually.TrueAsync(async () =>
        {
            letter = (await DeadLettersAsync(client)).FirstOrDefault(l => l.GetProperty("body").GetString()!.Contains(delivered.NotificationId, StringComparison.Ordinal));
            return letter.ValueKind == JsonValueKind.Object;
        }, "the dead letter after the last redelivery");

        // Three in memory, then two redeliveries of three each (the test configuration's Messaging:Redelivery*).
        Assert.Equal(9, receiver.RequestsFor(delivered.NotificationId).Count);
        Assert.False(letter.GetProperty("permanent").GetBoolean());
        Assert.Equal(9, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(503, letter.GetProperty("status").GetInt32());
        Assert.Contains("attempts ran out", letter.GetProperty("reason").GetString());
        Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.ErrorQueueOf(QueueNames.SendWebhook)));
    }

    [Fact]
    public async Task A_refused_webhook_is_a_dead_letter_at_once_listed_by_the_admin_api_and_replayed_with_its_id()
    {
        await StartSenderAsync();
        var failed = new NotificationFailed
        {
            NotificationId = "m-" + Guid.NewGuid().ToString("N") + ":agent-a:email",
            Channel = Channels.Email,
            RecipientId = "agent-a",
            ConversationId = "conv-1",
            MessageId = "m-1",
            Reason = "mailbox full",
            Permanent = false,
            FailedAt = DateTimeOffset.UtcNow,
        };
        receiver.Plan(failed.NotificationId, new StubAnswer(400, """{"error":"unknown conversation conv-1"}"""));
        using var client = await AdminClientAsync();

        await infrastructure.Platform.Publish(failed);
        JsonElement letter = default;
        await Eventually.TrueAsync(async () =>
        {
            var letters = await DeadLettersAsync(client);
            letter = letters.FirstOrDefault(l => l.GetProperty("body").GetString()!.Contains(failed.NotificationId, StringComparison.Ordinal));
            return letter.ValueKind == JsonValueKind.Object;
        }, "the dead letter to be listed by GET /admin/webhooks/dead-letters");

        var request = Assert.Single(receiver.RequestsFor(failed.NotificationId));
        Assert.Equal("NotificationFailed", letter.GetProperty("eventType").GetString());
        Assert.Equal(request.Headers[WebhookHeaders.Id], letter.GetProperty("eventId").GetString());
        Assert.Equal("127.0.0.1", letter.GetProperty("urlHost").GetString());
        Assert.Equal(400, letter.GetProperty("status").GetInt32());
        Assert.True(letter.GetProperty("permanent").GetBoolean());
        Assert.Equal(1, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("unknown conversation conv-1", letter.GetProperty("reason").GetString());
        Assert.DoesNotContain(SigningKey, letter.GetRawText());
        using (var anonymous = new HttpClient { BaseAddress = client.BaseAddress })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/webhooks/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/admin/webhooks/dead-letters/+/replay", null)).StatusCode);

        // The receiver was fixed: the replay posts the same event with the same id, and the letter leaves the list.
        var replay = await client.PostAsync($"/admin/webhooks/dead-letters/{letter.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await Eventually.TrueAsync(() => receiver.RequestsFor(failed.NotificationId).Count == 2, "the replayed webhook to arrive");
        var replayed = receiver.RequestsFor(failed.NotificationId)[1];
        Assert.Equal(request.Headers[WebhookHeaders.Id], replayed.Headers[WebhookHeaders.Id]);
        Assert.Empty(await DeadLettersAsync(client));
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsync($"/admin/webhooks/dead-letters/{letter.GetProperty("id").GetString()}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Without_a_url_nothing_is_consumed_and_no_queue_is_declared_to_fill_up()
    {
        sender = await ServiceHost.StartAsync("Notifications.WebhookSender", WebhookSenderHost.Build, infrastructure.Configuration());
        var delivered = Delivered();

        await infrastructure.Platform.Publish(delivered);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(await infrastructure.VirtualHost.QueueExistsAsync(QueueNames.SendWebhook));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_url_without_a_signing_key_stops_the_start_naming_the_key()
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration()) { ["Webhooks:Url"] = new Uri(receiver.BaseUrl, "hooks").ToString() };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync("Notifications.WebhookSender", WebhookSenderHost.Build, configuration));

        Assert.Contains("Webhooks:SigningKey is required", failure.Message);
    }

    private async Task StartSenderAsync()
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Webhooks:Url"] = new Uri(receiver.BaseUrl, "hooks").ToString(),
            ["Webhooks:SigningKey"] = SigningKey,
            ["Webhooks:TimeoutSeconds"] = "5",
        };
        sender = await ServiceHost.StartAsync("Notifications.WebhookSender", WebhookSenderHost.Build, configuration);
    }

    private async Task<HttpClient> AdminClientAsync()
    {
        admin ??= await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build,
            new Dictionary<string, string?>(infrastructure.Configuration()) { ["Admin:ApiKey"] = ApiKey });
        var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) };
        client.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, ApiKey);
        return client;
    }

    private static async Task<IReadOnlyList<JsonElement>> DeadLettersAsync(HttpClient client)
    {
        var response = await client.GetAsync("/admin/webhooks/dead-letters");
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("deadLetters").EnumerateArray().ToList();
    }

    private static NotificationDelivered Delivered() => new()
    {
        NotificationId = "m-" + Guid.NewGuid().ToString("N") + ":agent-a:sms",
        Channel = Channels.Sms,
        RecipientId = "agent-a",
        ConversationId = "conv-1",
        MessageId = "m-1",
        Provider = "twilio",
        DeliveredAt = DateTimeOffset.UtcNow,
    };

    public Task DisposeAsync() => infrastructure.DisposeAsync([admin, sender], receiver);
}
