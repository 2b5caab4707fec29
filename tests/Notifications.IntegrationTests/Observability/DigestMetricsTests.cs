using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.ServiceDefaults.Telemetry;
using SmtpServer.Protocol;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// A digest email counts every notification it answers for on the same counters as a per-message email:
/// <c>notifications.sent</c> when the email was accepted, <c>notifications.failed</c> when it failed,
/// <c>notifications.suppressed</c> (<c>recipient-read</c>) when it was dropped; never on
/// <c>notifications.delivery.latency</c>, which would be the schedule's delay. The real router and email sender
/// on their own vhost and key prefix, flushed by the test. Other tests in the process count on the same
/// instruments at the same time, so only measurements taken in the trace of this test's flush are counted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DigestMetricsTests : IAsyncLifetime
{
    private const string Agent = "agent-una";
    private const string OtherAgent = "agent-vic";
    private const string User = "user-wes";
    private const string Channel = NotificationsTelemetry.Channel;
    private const string Provider = NotificationsTelemetry.Provider;

    /// <summary>Set around this test's flush: flows into the flush's awaits, so a measurement taken there sees it.</summary>
    private static readonly AsyncLocal<string?> FlushOfThisTest = new();

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly SmtpSink smtp = new();
    private readonly NotificationOutcomes outcomes = new();
    private readonly List<WebApplication> services = [];
    private WebApplication sender = null!;
    private IBus platform = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:Digest:Enabled"] = "true",
            // 1 January 00:00 only: the test's flush is the only one.
            ["Email:Digest:Schedule"] = "0 0 1 1 *",
        };
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        sender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        services.Add(sender);

        platform = await infrastructure.StartPlatformBusAsync(outcomes);
        await HelpDeskParticipants.PublishAsync(platform, infrastructure.Redis, infrastructure.KeyPrefix, (User, "Wes Visitor"), (Agent, "Agent " + Agent), (OtherAgent, "Agent " + OtherAgent));
    }

    [Fact]
    public async Task DigestEmailCoveringTwoNotifications_CountsTwoSent_AndNoDeliveryLatency()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var messages = await chat.PostAsync(Agent, "Where is my parcel?", "It was due Monday.");
        await chat.WaitQueuedAsync(Agent, messages.Length);

        var measured = await FlushMeasuredAsync();

        Assert.Equal(1, measured.Result.Sent);
        Assert.Single(smtp.Messages, email => IsAbout(email, conversation));
        Assert.Equal(2, measured.Sum("notifications.sent", (Channel, Channels.Email), (Provider, "smtp")));
        Assert.Equal(2, measured.Sum("notifications.sent"));
        Assert.Equal(0, measured.Count("notifications.failed"));
        Assert.Equal(0, measured.Count("notifications.delivery.latency"));
        await Eventually.TrueAsync(() => messages.All(m => outcomes.Delivered.Any(d => d.MessageId == m.MessageId && d.RecipientId == Agent)),
            "NotificationDelivered for both notifications");
    }

    [Fact]
    public async Task DigestEmailRefusedPermanently_CountsEachNotificationAsFailedPermanent_AndNoDeliveryLatency()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var marker = "refuse-" + Guid.NewGuid().ToString("N")[..8];
        smtp.Plan(marker, new SmtpResponse((SmtpReplyCode)550, "Mailbox unavailable"));
        var messages = await chat.PostAsync(Agent, "First " + marker, "Second");
        await chat.WaitQueuedAsync(Agent, messages.Length);

        var measured = await FlushMeasuredAsync();

        Assert.Equal(1, measured.Result.Failed);
        await Eventually.TrueAsync(() => messages.All(m => outcomes.Failed.Any(f => f.MessageId == m.MessageId && f.Permanent)),
            "a permanent NotificationFailed for both notifications");
        Assert.Equal(2, measured.Sum("notifications.failed", (Channel, Channels.Email), (Provider, "smtp"), ("permanent", true)));
        Assert.Equal(2, measured.Sum("notifications.failed"));
        Assert.Equal(0, measured.Count("notifications.sent"));
        Assert.Equal(0, measured.Count("notifications.delivery.latency"));
    }

    [Fact]
    public async Task DigestDroppedBecauseItsRecipientReadIt_CountsEachNotificationAsSuppressedRecipientRead()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var messages = await chat.PostAsync(OtherAgent, "Are you there?", "Hello?");
        await chat.WaitQueuedAsync(OtherAgent, messages.Length);
        await platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = true, At = DateTimeOffset.UtcNow });
        var db = infrastructure.Redis.GetDatabase();
        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(infrastructure.KeyPrefix + "presence:" + OtherAgent, "online") == "1",
            "the agent to be online");

        var measured = await FlushMeasuredAsync();

        Assert.Equal(1, measured.Result.Suppressed);
        Assert.Equal(2, measured.Sum("notifications.suppressed", (Channel, Channels.Email), (NotificationsTelemetry.SuppressionReason, DigestFlusher.RecipientRead)));
        Assert.Equal(2, measured.Sum("notifications.suppressed"));
        Assert.Equal(0, measured.Count("notifications.sent"));
        Assert.Equal(0, measured.Count("notifications.failed"));
        Assert.Equal(0, measured.Count("notifications.delivery.latency"));
    }

    /// <summary>Flushes, keeping the <c>Notifications</c> meter's measurements taken in this flush (not in other tests' work).</summary>
    private async Task<Measured> FlushMeasuredAsync()
    {
        var measurements = new ConcurrentQueue<Measurement>();
        var flush = Guid.NewGuid().ToString("N");
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == NotificationsTelemetry.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (FlushOfThisTest.Value == flush)
                measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray()));
        }
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        meters.Start();

        FlushOfThisTest.Value = flush;
        var result = await sender.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);
        return new Measured(result, [.. measurements]);
    }

    private sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags);

    private sealed record Measured(DigestFlushResult Result, IReadOnlyList<Measurement> Measurements)
    {
        /// <summary>The sum of a counter's measurements whose tags include all of <paramref name="tags"/>.</summary>
        public double Sum(string instrument, params (string Key, object Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        /// <summary>How many measurements an instrument took (for a histogram: how many values it recorded).</summary>
        public int Count(string instrument) => Matching(instrument, []).Count();

        private IEnumerable<Measurement> Matching(string instrument, (string Key, object Value)[] tags) => Measurements.Where(m =>
            m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value))));
    }

    private DigestConversation NewConversation() => new(platform, infrastructure.Redis, infrastructure.KeyPrefix, User, "Wes Visitor");

    private static bool IsAbout(MimeKit.MimeMessage email, string conversation) =>
        email.Headers["X-Notification-Id"]?.Contains(":" + conversation + ":", StringComparison.Ordinal) == true;

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, smtp);
}
