using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Scheduling.Redelivery;
using Notifications.SmsSender;

namespace Notifications.IntegrationTests;

/// <summary>
/// Outages longer than the in-memory retries, against the real broker and Redis: the SMS sender (its pipe is the
/// one every service has) puts what failed back through the delay ladder and sends it once the dependency is back,
/// with nothing in the error queue; only a message whose every redelivery failed goes there, with its history.
/// Redis "pauses" through a proxy that stops forwarding (what <c>CLIENT PAUSE</c> does, for this service alone).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DelayedRedeliveryTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes outcomes = new();
    private HttpStub twilio = null!;
    private TcpProxy redisProxy = null!;
    private WebApplication? sender;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        twilio = await HttpStub.StartAsync();
        var redis = infrastructure.Environment.RedisConfiguration.Split(',')[0].Split(':');
        redisProxy = new TcpProxy(redis[0], redis.Length > 1 ? int.Parse(redis[1], CultureInfo.InvariantCulture) : 6379);
        redisProxy.Open();
        await infrastructure.StartPlatformBusAsync(outcomes);
    }

    [Fact]
    public async Task TwilioDownLongerThanTheRetries_TheSmsComesBackThroughTheLadder_AndIsSentOnce()
    {
        await StartSenderAsync(redeliveryFor: TimeSpan.FromMinutes(2));
        var command = SmsCommand();
        var phone = Uri.EscapeDataString(command.Recipient.Phone!);
        // Three attempts in memory (RetryLimit 2) fail, then two redeliveries' three each: Twilio is back on the 10th.
        twilio.Plan(phone, Enumerable.Repeat(new StubAnswer(503, """{"code":20503,"message":"Service unavailable","status":503}"""), 9).ToArray());

        await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Eventually.TrueAsync(() => outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId),
            "the SMS to be delivered once Twilio answers again", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(10, twilio.RequestsFor(phone).Count);
        Assert.Single(outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        Assert.DoesNotContain(outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.ErrorQueueOf(QueueNames.SendSms)));
    }

    [Fact]
    public async Task RedisPausedLongerThanTheRetries_SmsSentMeanwhileAreDeliveredOnceWhenItAnswersAgain()
    {
        await StartSenderAsync(redeliveryFor: TimeSpan.FromMinutes(2));
        var commands = Enumerable.Range(0, 5).Select(_ => SmsCommand()).ToList();

        redisProxy.Pause();
        await Task.WhenAll(commands.Select(command => infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command)));
        await WaitForReadinessAsync(report => report.Entries.TryGetValue("redis", out var redis) && redis.Status == HealthStatus.Unhealthy,
            "readiness to name Redis while it does not answer");
        // Each attempt waits out Redis's 1 s timeout: in 10 s every command has spent its in-memory retries at least once.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(outcomes.Delivered, d => commands.Any(c => c.NotificationId == d.NotificationId));
        redisProxy.Resume();

        await Eventually.TrueAsync(() => commands.All(c => outcomes.Delivered.Any(d => d.NotificationId == c.NotificationId)),
            "every SMS to be delivered once Redis answers again", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var command in commands)
        {
            Assert.Single(twilio.RequestsFor(Uri.EscapeDataString(command.Recipient.Phone!)));
            Assert.Single(outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        }
        Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.ErrorQueueOf(QueueNames.SendSms)));
    }

    [Fact]
    public async Task EveryRedeliveryFails_TheSmsGoesToTheErrorQueueWithItsHistory_AndOneFailureIsPublished()
    {
        // 1 s, then 2 s: two redeliveries fit in 3 s.
        await StartSenderAsync(redeliveryFor: TimeSpan.FromSeconds(3), maxDelaySeconds: 2);
        var command = SmsCommand();
        var phone = Uri.EscapeDataString(command.Recipient.Phone!);
        twilio.Plan(phone, Enumerable.Repeat(new StubAnswer(503, """{"code":20503,"message":"Service unavailable","status":503}"""), 100).ToArray());

        await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        var failed = await new ErrorQueueReader(infrastructure.VirtualHost).WaitForAsync(QueueNames.ErrorQueueOf(QueueNames.SendSms),
            message => message.Payload.Contains(command.NotificationId, StringComparison.Ordinal));

        Assert.Equal("2", failed.Headers[RedeliveryHeaders.Count]);
        Assert.Contains("Failed after 2 redeliveries", failed.Headers["MT-Fault-Message"]);
        Assert.Contains("503", failed.Headers[RedeliveryHeaders.LastReason]);
        Assert.Equal(9, twilio.RequestsFor(phone).Count);
        await Eventually.TrueAsync(() => outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "NotificationFailed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var published = Assert.Single(outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.False(published.Permanent);
        Assert.DoesNotContain(outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    private async Task StartSenderAsync(TimeSpan redeliveryFor, int maxDelaySeconds = 1, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisProxy.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000",
            ["Messaging:RedeliveryFirstDelaySeconds"] = "1",
            ["Messaging:RedeliveryMaxDelaySeconds"] = maxDelaySeconds.ToString(CultureInfo.InvariantCulture),
            ["Messaging:RedeliveryHours"] = redeliveryFor.TotalHours.ToString(CultureInfo.InvariantCulture),
            ["Sms:Twilio:AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = PipelineFixture.TwilioAuthToken,
            ["Sms:Twilio:From"] = PipelineFixture.TwilioFrom,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl.ToString().TrimEnd('/'),
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            configuration[key] = value;
        sender = await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration);
    }

    [Fact]
    public async Task EveryMessageFailing_TheKillSwitchStopsTheQueue_ReadinessNamesItAndWhy_AndItConsumesAgainByItself()
    {
        // The dashboard's kill-switch panel. Other tests' senders in this process count on send-sms too, each only
        // ever 0 or 1: while this one is stopped, the sum is at least 1.
        using var stopped = new CounterListener("notifications.consumer.kill_switch_stopped", (NotificationsTelemetry.Queue, QueueNames.SendSms));
        await StartSenderAsync(redeliveryFor: TimeSpan.FromMinutes(2), extra: new Dictionary<string, string?>
        {
            ["Messaging:KillSwitchActivationThreshold"] = "3",
            ["Messaging:KillSwitchTripPercent"] = "50",
            ["Messaging:KillSwitchTrackingSeconds"] = "30",
            ["Messaging:KillSwitchRestartSeconds"] = "3",
        });
        var commands = Enumerable.Range(0, 6).Select(_ => SmsCommand()).ToList();
        // Two deliveries' worth of 503s each (three attempts apiece), then Twilio takes them.
        foreach (var command in commands)
            twilio.Plan(Uri.EscapeDataString(command.Recipient.Phone!), Enumerable.Repeat(new StubAnswer(503, """{"code":20503,"message":"Service unavailable","status":503}"""), 6).ToArray());

        await Task.WhenAll(commands.Select(command => infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command)));
        string? reason = null;
        await WaitForReadinessAsync(report =>
        {
            reason = report.Entries.TryGetValue("kill-switch", out var entry) && entry.Status == HealthStatus.Unhealthy ? entry.Description : null;
            return reason is not null;
        }, "readiness to say the kill switch stopped send-sms");
        Assert.Contains("send-sms", reason);
        Assert.Contains("ProviderException", reason);
        await Eventually.TrueAsync(() => stopped.Total >= 1, "notifications.consumer.kill_switch_stopped to count send-sms stopped", TimeSpan.FromSeconds(5));

        await Eventually.TrueAsync(() => commands.All(c => outcomes.Delivered.Any(d => d.NotificationId == c.NotificationId)),
            "every SMS to be delivered once Twilio takes them", TimeSpan.FromSeconds(90));
        await WaitForReadinessAsync(report => report.Entries["kill-switch"].Status == HealthStatus.Healthy, "the queue to consume again");
        foreach (var command in commands)
            Assert.Single(outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.ErrorQueueOf(QueueNames.SendSms)));
    }

    private async Task WaitForReadinessAsync(Func<HealthReport, bool> condition, string waitingFor)
    {
        var health = sender!.Services.GetRequiredService<HealthCheckService>();
        await Eventually.TrueAsync(async () => condition(await health.CheckHealthAsync(c => c.Tags.Contains(ServiceDefaultsExtensions.ReadyTag))), waitingFor);
    }

    private static SendSms SmsCommand()
    {
        var messageId = "m-" + Guid.NewGuid().ToString("N");
        var phone = "+1415" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        return new SendSms
        {
            NotificationId = $"{messageId}:agent-sid:sms",
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-sid", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = "conv-" + messageId,
                Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
                Text = "Is my order on its way?",
                PostedAt = DateTimeOffset.UtcNow,
            },
        };
    }

    public async Task DisposeAsync()
    {
        redisProxy.Resume();
        await infrastructure.DisposeAsync([sender], twilio, redisProxy);
    }
}
