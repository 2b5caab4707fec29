using System.Globalization;
using System.Security.Cryptography;
using Notifications.Contracts;
using Notifications.Delivery.Providers;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests;

/// <summary>
/// The senders as deployed, between the real broker, the real Redis and a provider stub: the shared rate limit
/// across two instances, a redelivered command reaching the provider once, and transient versus permanent
/// provider failures through MassTransit's retries.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProviderSendersCollection.Name)]
public sealed class ProviderSendersTests(ProviderSendersFixture senders)
{
    /// <summary>Long enough for a redelivery (and its retries) to have reached the provider if it were going to.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task TwoPushSenderInstances_SharingOneLimit_StayWithinItInEverySlidingSecond_AndDeliverEverything()
    {
        const int pushes = 15;
        var limit = ProviderSendersFixture.OneSignalMaxPerSecond;
        // Warm both instances up first (RabbitMQ hands consecutive messages to each consumer in turn): a first
        // request opens a connection and compiles code, and on a busy machine that delay alone can carry a whole
        // second's slots into the next second.
        var warmUp = Enumerable.Range(0, 4).Select(_ => PushCommand($"warm-{Guid.NewGuid():N}")).ToList();
        await Task.WhenAll(warmUp.Select(command => senders.Platform.SendToQueueAsync(QueueNames.SendPush, command)));
        await Eventually.TrueAsync(() => warmUp.All(c => senders.Outcomes.Delivered.Any(d => d.NotificationId == c.NotificationId)),
            "the warm-up pushes to be delivered", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the warm-up's slots are spent

        var burst = "burst-" + Guid.NewGuid().ToString("N")[..8];
        var commands = Enumerable.Range(0, pushes).Select(i => PushCommand($"{burst}-{i}")).ToList();

        await Task.WhenAll(commands.Select(command => senders.Platform.SendToQueueAsync(QueueNames.SendPush, command)));
        await Eventually.TrueAsync(() => commands.All(c => senders.Outcomes.Delivered.Any(d => d.NotificationId == c.NotificationId)),
            "every push of the burst to be delivered", TimeSpan.FromSeconds(60));

        var requests = senders.Providers.RequestsFor(burst);
        Assert.Equal(pushes, requests.Count);
        // Slots are spaced evenly on Redis' clock (exactly so: ProviderRateLimiterTests), a second's worth over one
        // second plus the arrival guard. At the stub a request arrives after its slot by a delay that differs per
        // request, and in this test's one busy process (senders and stub together) delays bunch requests up: a
        // sliding second may show more than the limit, never twice it. Two instances each limited alone would show
        // twice the limit throughout, and finish in half the time.
        var arrivals = requests.Select(r => r.ReceivedAt).Order().ToList();
        var busiest = BusiestSecond(arrivals);
        var span = arrivals[^1] - arrivals[0];
        var shown = $"{busiest} requests in the busiest sliding second, {pushes} over {span.TotalSeconds:0.00} s (limit {limit}), at +"
            + string.Join(", +", arrivals.Select(a => (a - arrivals[0]).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)));
        Assert.True(busiest < 2 * limit, shown);
        Assert.True(span >= 0.8 * (pushes - 1) * ProviderRateLimiter.SlotInterval(limit), shown);
    }

    private static int BusiestSecond(IReadOnlyList<DateTimeOffset> times)
    {
        var busiest = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromSeconds(1))
                first++;
            busiest = Math.Max(busiest, last - first + 1);
        }
        return busiest;
    }

    [Fact]
    public async Task ThePushCommandSentTwice_ReachesTheProviderOnce_AndIsDeliveredOnce()
    {
        var command = PushCommand("twice-" + Guid.NewGuid().ToString("N")[..8]);

        // Both copies at once: the two instances may take one each (one waits for the other's claim).
        await Task.WhenAll(senders.Platform.SendToQueueAsync(QueueNames.SendPush, command), senders.Platform.SendToQueueAsync(QueueNames.SendPush, command));
        await Eventually.TrueAsync(() => senders.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        await senders.Platform.SendToQueueAsync(QueueNames.SendPush, command); // and a late redelivery
        await Task.Delay(SettleTime);

        Assert.Single(senders.Providers.RequestsFor(command.NotificationId));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task TheSmsCommandSentTwice_ReachesTwilioOnce_AndIsDeliveredOnce()
    {
        var phone = UniquePhone();
        var command = SmsCommand(phone);

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Eventually.TrueAsync(() => senders.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Task.Delay(SettleTime);

        Assert.Single(senders.Providers.RequestsFor(Uri.EscapeDataString(phone)));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task ATransientProviderFailure_IsRetried_ThenDeliveredOnce()
    {
        var command = PushCommand("transient-" + Guid.NewGuid().ToString("N")[..8]);
        // One answer fewer than the retries allow: the last attempt succeeds.
        senders.Providers.Plan(command.NotificationId,
            Enumerable.Repeat(new StubAnswer(503, """{"errors":["Service Unavailable"]}"""), ProviderSendersFixture.RetryLimit).ToArray());

        await senders.Platform.SendToQueueAsync(QueueNames.SendPush, command);
        await Eventually.TrueAsync(() => senders.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        await Task.Delay(SettleTime);

        Assert.Equal(ProviderSendersFixture.RetryLimit + 1, senders.Providers.RequestsFor(command.NotificationId).Count);
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        Assert.DoesNotContain(senders.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task APermanentProviderFailure_IsNotRetried_AndIsReportedWithAReasonThatMasksTheNumber()
    {
        var phone = UniquePhone();
        var command = SmsCommand(phone);
        senders.Providers.Plan(Uri.EscapeDataString(phone), new StubAnswer(400,
            $$"""{"code": 21211, "message": "The 'To' number {{phone}} is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"""));

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Eventually.TrueAsync(() => senders.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "NotificationFailed");
        await Task.Delay(SettleTime);

        Assert.Single(senders.Providers.RequestsFor(Uri.EscapeDataString(phone)));
        var failed = Assert.Single(senders.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.Permanent);
        Assert.Contains("21211", failed.Reason);
        Assert.DoesNotContain(phone[2..], failed.Reason);
        Assert.DoesNotContain(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    private static string UniquePhone() => "+1415" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    private static NotifiedMessage Message(string messageId) => new()
    {
        MessageId = messageId,
        ConversationId = "conv-" + messageId,
        Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
        Text = "Is my order on its way?",
        PostedAt = DateTimeOffset.UtcNow,
    };

    private static SendPush PushCommand(string messageId) => new()
    {
        NotificationId = $"{messageId}:agent-pia:push",
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = "agent-pia",
            Role = ParticipantRoles.Agent,
            Name = "Pia",
            PushDevices = [new PushDevice { DeviceId = "android-1", Platform = PushPlatforms.Android }],
        },
        Message = Message(messageId),
    };

    private static SendSms SmsCommand(string phone)
    {
        var message = Message("m-" + Guid.NewGuid().ToString("N"));
        return new SendSms
        {
            NotificationId = $"{message.MessageId}:agent-sid:sms",
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-sid", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = message,
        };
    }

}
