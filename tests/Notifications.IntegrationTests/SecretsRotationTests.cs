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
using Notifications.SharedState.StoredDocuments;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// Secrets rotate, on the running admin service and SMS sender (real broker and Redis, a Twilio stub): stored
/// documents name their key, a new key with the old one in <c>Secrets:PreviousEncryptionKeys</c> keeps every stored
/// credential readable, the one-time re-encryption moves them to the new key, and once
/// <c>Secrets:RequireEncryption</c> is set a plain document is refused (never read, never sent with).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecretsRotationTests : IAsyncLifetime
{
    private const string ApiKey = "rotation-admin-key-0123456789";
    private const string OldKey = "hO4Xb8yQ2bPp1Wc5m2nS2Ls3q3d8E1rXQ9tqv4s0dUE=";
    private const string NewKey = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";
    private const string TwilioSid = "AC7e57000000000000000000000000cafe";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> running = [];
    private readonly NotificationOutcomes outcomes = new();
    private HttpStub providers = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        providers = await HttpStub.StartAsync();
        await infrastructure.StartPlatformBusAsync(outcomes);
    }

    [Fact]
    public async Task ARotatedKey_KeepsEveryStoredCredentialReadable_AndTheReencryptionMovesThemToTheNewKey()
    {
        var authToken = "rot-token-" + Guid.NewGuid().ToString("N");
        var oldAdmin = await StartAsync("Notifications.Admin", AdminHost.Build, Secrets(OldKey));
        using (var admin = Client(oldAdmin))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/admin/providers", new { twilio = new { accountSid = TwilioSid, authToken, from = "+15550004444" } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "mailer", password = "smtp-" + authToken } })).StatusCode);
        }
        await StopAsync(oldAdmin);
        var oldId = KeyId(OldKey);
        Assert.StartsWith($"enc:v2:{oldId}:", await StoredAsync("providers:settings"));

        // The key is rotated: the new one in effect, the old one kept for reading.
        var rotated = Secrets(NewKey, previous: OldKey);
        var newAdmin = await StartAsync("Notifications.Admin", AdminHost.Build, rotated);
        await StartAsync("Notifications.SmsSender", SmsSenderHost.Build, rotated);
        using (var admin = Client(newAdmin))
        {
            var twilio = (await GetJsonAsync(admin, "/admin/providers")).RootElement.GetProperty("twilio").GetProperty("runTime");
            Assert.Equal(TwilioSid, twilio.GetProperty("accountSid").GetString());
            Assert.True(twilio.GetProperty("authTokenSet").GetBoolean());
            Assert.True((await GetJsonAsync(admin, "/admin/email/settings")).RootElement.GetProperty("smtp").GetProperty("passwordSet").GetBoolean());

            var phone = await SendSmsAsync();
            Assert.Equal("twilio", await ProviderOfAsync(phone.NotificationId));
            var request = Assert.Single(providers.Requests, r => r.Body.Contains(Uri.EscapeDataString(phone.Number)));
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioSid}:{authToken}")), request.Headers["Authorization"]);

            var reencrypted = await admin.PostAsync("/admin/secrets/reencrypt", null);
            var answer = await reencrypted.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, reencrypted.StatusCode);
            Assert.Equal(2, JsonDocument.Parse(answer).RootElement.GetProperty("documents").EnumerateArray().Count(d => d.GetProperty("result").GetString() == "re-encrypted"));
            Assert.DoesNotContain(authToken, answer);
        }
        Assert.StartsWith($"enc:v2:{KeyId(NewKey)}:", await StoredAsync("providers:settings"));
        Assert.StartsWith($"enc:v2:{KeyId(NewKey)}:", await StoredAsync("email:settings"));
        await StopAsync(newAdmin);

        // After the re-encryption the old key can go.
        var newOnly = await StartAsync("Notifications.Admin", AdminHost.Build, Secrets(NewKey));
        using (var admin = Client(newOnly))
        {
            Assert.Equal(TwilioSid, (await GetJsonAsync(admin, "/admin/providers")).RootElement.GetProperty("twilio").GetProperty("runTime").GetProperty("accountSid").GetString());

            // After the re-encryption a plain document can only come from a Redis writer: refused, the reason naming it.
            await infrastructure.Redis.GetDatabase().StringSetAsync(infrastructure.KeyPrefix + "email:settings", "{\"smtpHost\":\"smtp.attacker.test\"}");
            await infrastructure.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(infrastructure.KeyPrefix + "email:changed"), "changed");
            var refused = await admin.GetAsync("/admin/email/settings");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            var reason = await refused.Content.ReadAsStringAsync();
            Assert.Contains("plain JSON", reason);
            Assert.Contains(infrastructure.KeyPrefix + "email:settings", reason);
        }
    }

    [Fact]
    public async Task APlainDocument_IsRefusedOnceEncryptionIsRequired_AndTheReencryptionMakesItReadable()
    {
        var configuration = Secrets(NewKey);
        configuration["Secrets:RequireEncryption"] = "true";
        var sms = await StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration);
        var admin = await StartAsync("Notifications.Admin", AdminHost.Build, configuration);

        // Anyone who can write Redis could swap the credentials with plain JSON: it is not read.
        var key = infrastructure.KeyPrefix + "providers:settings";
        await infrastructure.Redis.GetDatabase().StringSetAsync(key,
            "{\"twilio\":{\"accountSid\":\"" + TwilioSid + "\",\"authToken\":\"planted-token\",\"from\":\"+15550009999\"}}");
        await infrastructure.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(infrastructure.KeyPrefix + "providers:changed"), "changed");

        var refused = await SendSmsAsync();
        await Eventually.TrueAsync(() => outcomes.Failed.Any(f => f.NotificationId == refused.NotificationId), "the SMS to fail transiently");
        Assert.DoesNotContain(outcomes.Delivered, d => d.NotificationId == refused.NotificationId);
        Assert.DoesNotContain(providers.Requests, r => r.Headers.GetValueOrDefault("Authorization")?.Length > 0 && r.Body.Contains(Uri.EscapeDataString(refused.Number)));
        var (status, body) = await ReadinessAsync(sms);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(key, body);
        Assert.Contains("plain JSON", body);
        Assert.Contains("Secrets:RequireEncryption", body);

        // The documented one-time command encrypts it (an operator who wrote it on purpose), and it is read again.
        using (var client = Client(admin))
        {
            var reencrypted = await client.PostAsync("/admin/secrets/reencrypt", null);
            Assert.Equal(HttpStatusCode.OK, reencrypted.StatusCode);
        }
        Assert.StartsWith($"enc:v2:{KeyId(NewKey)}:", await StoredAsync("providers:settings"));
        await Eventually.TrueAsync(async () => (await ReadinessAsync(sms)).Status == HttpStatusCode.OK, "the SMS sender ready again");
    }

    private Dictionary<string, string?> Secrets(string key, string? previous = null)
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Admin:ApiKey"] = ApiKey,
            ["Secrets:EncryptionKey"] = key,
            ["Sms:Twilio:BaseUrl"] = providers.BaseUrl.ToString().TrimEnd('/'),
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
            ["Sms:RecordDirectory"] = Path.Combine(Path.GetTempPath(), "rotation-" + infrastructure.KeyPrefix.Trim(':')),
        };
        if (previous is not null)
            configuration["Secrets:PreviousEncryptionKeys:0"] = previous;
        return configuration;
    }

    private static string KeyId(string key) => StoredDocumentCipher.KeyIdOf(Convert.FromBase64String(key));

    private async Task<string> StoredAsync(string name) =>
        (string?)await infrastructure.Redis.GetDatabase().StringGetAsync(infrastructure.KeyPrefix + name) ?? "";

    private async Task<WebApplication> StartAsync(string name, Func<WebApplicationBuilder, WebApplication> build, Dictionary<string, string?> configuration)
    {
        var app = await ServiceHost.StartAsync(name, build, configuration);
        running.Add(app);
        return app;
    }

    private async Task StopAsync(WebApplication app)
    {
        running.Remove(app);
        await ServiceHost.StopAllAsync([app]);
    }

    private static HttpClient Client(WebApplication admin)
    {
        var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) };
        client.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, ApiKey);
        return client;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path) =>
        JsonDocument.Parse(await (await client.GetAsync(path)).EnsureSuccessStatusCode().Content.ReadAsStringAsync());

    private sealed record Sms(string NotificationId, string Number);

    private async Task<Sms> SendSmsAsync()
    {
        var number = "+1555" + Random.Shared.Next(1000000, 9999999);
        var messageId = "m-" + Guid.NewGuid().ToString("N")[..12];
        var notificationId = $"{messageId}:agent-rot:sms";
        await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, new SendSms
        {
            NotificationId = notificationId,
            Rule = "A2",
            Recipient = new NotificationRecipient { Id = "agent-rot", Role = ParticipantRoles.Agent, Name = "Rota", Phone = number },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = "conv-rotation",
                Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada" },
                Text = "Rotation check",
                PostedAt = DateTimeOffset.UtcNow,
            },
        });
        return new Sms(notificationId, number);
    }

    private async Task<string> ProviderOfAsync(string notificationId)
    {
        await Eventually.TrueAsync(() => outcomes.Delivered.Any(d => d.NotificationId == notificationId)
            || outcomes.Failed.Any(f => f.NotificationId == notificationId), $"an outcome for {notificationId}");
        return outcomes.Delivered.FirstOrDefault(d => d.NotificationId == notificationId)?.Provider
            ?? throw new Xunit.Sdk.XunitException(outcomes.Failed.First(f => f.NotificationId == notificationId).Reason);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(WebApplication service)
    {
        using var http = new HttpClient { BaseAddress = new Uri(service.Urls.First()) };
        var response = await http.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await infrastructure.DisposeAsync(running, providers);
}
