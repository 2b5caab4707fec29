using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.StoredDocuments;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// The email and SMS senders with no provider credentials configured (explicit local mode: they record to folders)
/// and an encryption key. Fresh vhost and key prefix; the tests damage the stored documents one after the other.
/// </summary>
public sealed class UnreadableSettingsFixture : IAsyncLifetime
{
    /// <summary>The key of every service here.</summary>
    public const string EncryptionKey = "hO4Xb8yQ2bPp1Wc5m2nS2Ls3q3d8E1rXQ9tqv4s0dUE=";

    /// <summary>A key rotated away: what was saved with it cannot be read here.</summary>
    public const string OtherKey = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];

    public string RecordRoot { get; } = Path.Combine(Path.GetTempPath(), "unreadable-settings-" + Guid.NewGuid().ToString("N"));
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public IBus Platform => infrastructure.Platform;
    public NotificationOutcomes Outcomes { get; } = new();
    public WebApplication EmailSender { get; private set; } = null!;
    public WebApplication SmsSender { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Secrets:EncryptionKey"] = EncryptionKey,
            ["Email:PickupDirectory"] = Path.Combine(RecordRoot, "mail"),
            ["Email:From"] = "help@example.com",
            ["Email:DelaySeconds"] = "0",
            ["Sms:RecordDirectory"] = Path.Combine(RecordRoot, "sms"),
            ["Sms:Twilio:From"] = "+15550001111",
        };
        EmailSender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        services.Add(EmailSender);
        SmsSender = await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration);
        services.Add(SmsSender);
        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await infrastructure.DisposeAsync(services);
        }
        finally
        {
            if (Directory.Exists(RecordRoot))
                Directory.Delete(RecordRoot, recursive: true);
        }
    }
}

/// <summary>
/// Settings that cannot be read (damaged JSON, or encrypted with a key rotated away) never make a sender fall back
/// to its record folder and report "delivered": the command is retried and ends in the error queue, the service is
/// not ready, and the readiness answer names the document and its Redis key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UnreadableSettingsTests(UnreadableSettingsFixture fixture) : IClassFixture<UnreadableSettingsFixture>
{
    private readonly ErrorQueueReader errors = new(fixture.VirtualHost);

    [Fact]
    public async Task Damaged_provider_credentials_are_a_transient_failure_never_a_recorded_delivery_and_the_sms_sender_is_not_ready()
    {
        // Local mode (no credentials anywhere) records, and the outcome says so by its provider.
        var local = await SendSmsAsync();
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == local), "the recorded SMS");
        Assert.Equal("sms-record-directory", fixture.Outcomes.Delivered.First(d => d.NotificationId == local).Provider);

        var key = fixture.KeyPrefix + "providers:settings";
        try
        {
            await StoreAsync(key, "{\"twilio\": {\"accountSid\": ", "providers:changed");

            var notificationId = await SendSmsAsync();
            await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == notificationId),
                "the SMS to fail transiently after its retries");
            var failed = fixture.Outcomes.Failed.First(f => f.NotificationId == notificationId);
            Assert.False(failed.Permanent);
            Assert.Contains(key, failed.Reason);
            Assert.DoesNotContain(fixture.Outcomes.Delivered, d => d.NotificationId == notificationId);
            Assert.False(File.Exists(Path.Combine(fixture.RecordRoot, "sms", RecordName(notificationId))), "nothing is recorded");
            await errors.WaitForAsync(QueueNames.ErrorQueueOf(QueueNames.SendSms), message => message.Payload.Contains(notificationId));

            var (status, body) = await ReadinessAsync(fixture.SmsSender);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("provider credentials", body);
            Assert.Contains(key, body);
            Assert.Contains("JSON is damaged", body);
        }
        finally
        {
            await RemoveAsync(key, "providers:changed");
        }
        await Eventually.TrueAsync(async () => (await ReadinessAsync(fixture.SmsSender)).Status == HttpStatusCode.OK, "ready again once it can be read");
    }

    [Fact]
    public async Task Email_settings_encrypted_with_another_key_are_never_sent_with_the_pickup_folder_and_the_email_sender_is_not_ready()
    {
        var key = fixture.KeyPrefix + "email:settings";
        var otherCipher = new StoredDocumentCipher(Options.Create(new SecretsOptions { EncryptionKey = UnreadableSettingsFixture.OtherKey }));
        try
        {
            await StoreAsync(key, otherCipher.Protect("{\"smtpHost\":\"smtp.example.com\",\"smtpPassword\":\"pw\"}", key), "email:changed");

            var notificationId = "m-" + Guid.NewGuid().ToString("N")[..12] + ":agent-key:email";
            await fixture.Platform.SendToQueueAsync(QueueNames.SendEmail, new SendEmail
            {
                NotificationId = notificationId,
                Rule = "A2",
                Recipient = new NotificationRecipient { Id = "agent-key", Role = ParticipantRoles.Agent, Name = "Kim", Email = "kim@example.com" },
                Message = Message(notificationId),
            });

            var error = await errors.WaitForAsync(QueueNames.ErrorQueueOf(QueueNames.SendEmail), message => message.Payload.Contains(notificationId));
            Assert.Contains(key, error.Headers.GetValueOrDefault("MT-Fault-Message") ?? "");
            Assert.DoesNotContain(fixture.Outcomes.Delivered, d => d.NotificationId == notificationId);
            var mail = Path.Combine(fixture.RecordRoot, "mail");
            Assert.False(Directory.Exists(mail) && Directory.EnumerateFiles(mail).Any(), "no email is written to the pickup folder");

            var (status, body) = await ReadinessAsync(fixture.EmailSender);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("email settings", body);
            Assert.Contains(key, body);
            Assert.Contains("not the key it was saved with", body);
            Assert.DoesNotContain("pw", body.Replace("password", ""));
        }
        finally
        {
            await RemoveAsync(key, "email:changed");
        }
        await Eventually.TrueAsync(async () => (await ReadinessAsync(fixture.EmailSender)).Status == HttpStatusCode.OK, "ready again once it can be read");
    }

    private async Task<string> SendSmsAsync()
    {
        var notificationId = "m-" + Guid.NewGuid().ToString("N")[..12] + ":agent-key:sms";
        await fixture.Platform.SendToQueueAsync(QueueNames.SendSms, new SendSms
        {
            NotificationId = notificationId,
            Rule = "A2",
            Recipient = new NotificationRecipient { Id = "agent-key", Role = ParticipantRoles.Agent, Name = "Kim", Phone = "+15550002222" },
            Message = Message(notificationId),
        });
        return notificationId;
    }

    private static NotifiedMessage Message(string notificationId) => new()
    {
        MessageId = notificationId.Split(':')[0],
        ConversationId = "conv-unreadable",
        Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada" },
        Text = "Where is my parcel?",
        PostedAt = DateTimeOffset.UtcNow,
    };

    private static string RecordName(string notificationId) => Notifications.Delivery.Recording.RecordFiles.SafeName(notificationId) + ".json";

    /// <summary>Writes the document as a broken writer or a rotated key left it, and drops every instance's cache.</summary>
    private async Task StoreAsync(string key, string stored, string changedChannel)
    {
        await fixture.Redis.GetDatabase().StringSetAsync(key, stored);
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + changedChannel), "changed");
    }

    private async Task RemoveAsync(string key, string changedChannel)
    {
        await fixture.Redis.GetDatabase().KeyDeleteAsync(key);
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + changedChannel), "changed");
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(WebApplication service)
    {
        using var http = new HttpClient { BaseAddress = new Uri(service.Urls.First()) };
        var response = await http.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
