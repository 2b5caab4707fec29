using Notifications.Admin;
using System.Diagnostics;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.Admin.AdminApi;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.SharedState.DeliveryLog;
using Notifications.ServiceDefaults.Telemetry;
using OpenTelemetry.Trace;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// Each digest email (one recipient and conversation) is a <c>send digest</c> span with the SMTP call under it, and
/// the outcomes of the notifications it answers for are published and written to the delivery log in its trace: on
/// the schedule, where nothing else starts a trace, and through the admin API's flush, under the request's span.
/// The real router and email sender on their own vhost and key prefix (a schedule every two seconds would flush
/// the other digest tests' queues), with an in-memory exporter on the email sender's tracer provider.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class DigestTracingTests : IAsyncLifetime
{
    private const string ApiKey = "test-admin-key-0123456789";
    private const string Agent = "agent-ivy";
    private const string OtherAgent = "agent-rex";
    private const string User = "user-tom";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly SmtpSink smtp = new();
    private readonly LockedList<Activity> spans = new();
    private readonly List<WebApplication> services = [];
    private WebApplication sender = null!;
    private WebApplication admin = null!;
    private IBus platform = null!;

    public Task InitializeAsync() => infrastructure.StartAsync();

    [Fact]
    public async Task ScheduledDigestEmail_IsASendDigestSpanWithTheSmtpCallUnderIt_AndItsOutcomeCarriesThatTrace()
    {
        // Six fields: every two seconds, and nobody calls the flush endpoint.
        await StartServicesAsync(schedule: "*/2 * * * * *");
        var chat = NewConversation();
        var conversation = chat.Id;
        var message = (await chat.PostAsync(Agent, "Is anyone there tonight?")).Single();
        var notificationId = $"{message.MessageId}:{Agent}:{Channels.Email}";

        var entry = await DeliveryLogEntryAsync(conversation, notificationId);
        Assert.Equal(DeliveryLogEntry.Delivered, entry.Outcome);
        Assert.False(string.IsNullOrEmpty(entry.TraceId), "the digest email's delivery log entry carries no trace id");

        List<Activity> trace = [];
        await Eventually.TrueAsync(() => (trace = TraceOf(entry.TraceId)).Any(IsSendDigest) && trace.Any(IsSmtpSend) && trace.Any(IsOutcomeConsumed),
            "the digest's span, its SMTP call and the platform's receipt of its outcome, in the delivery log entry's trace");
        var described = Describe(trace);
        var digest = Assert.Single(trace, IsSendDigest);
        // Nothing else is in flight when the schedule fires: the email is a trace of its own.
        Assert.Equal(default, digest.ParentSpanId);
        Assert.Equal(Channels.Email, Tag(digest, NotificationsTelemetry.Channel));
        Assert.Equal(Agent, Tag(digest, NotificationsTelemetry.RecipientId));
        Assert.Equal(conversation, Tag(digest, NotificationsTelemetry.ConversationId));
        Assert.Equal("1", Tag(digest, NotificationsTelemetry.NotificationCount));
        Assert.Equal("delivered", Tag(digest, NotificationsTelemetry.Outcome));
        Assert.Equal("smtp", Tag(digest, NotificationsTelemetry.Provider));
        Assert.Equal([notificationId], NotificationIdsOf(digest));

        var smtpSend = Assert.Single(trace, IsSmtpSend);
        Assert.True(smtpSend.ParentSpanId == digest.SpanId, $"the SMTP call is not under the digest's span; trace:\n{described}");
        Assert.Equal(ActivityKind.Client, smtpSend.Kind);
        Assert.Equal("accepted", Tag(smtpSend, NotificationsTelemetry.Outcome));
        // NotificationDelivered is published under the digest's span and reaches the platform in its trace.
        Assert.True(trace.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer && s.ParentSpanId == digest.SpanId),
            $"no publish under the digest's span; trace:\n{described}");
        Assert.Single(smtp.Messages, email => IsAbout(email, conversation));

        AssertNoPersonalData(trace, message.Text);
    }

    [Fact]
    public async Task FlushThroughTheAdminApi_MakesOneSendDigestSpanPerEmail_UnderTheRequest_WithEachOutcomeInItsTrace()
    {
        // 1 January 00:00 only: the request is the only flush.
        await StartServicesAsync(schedule: "0 0 1 1 *");
        var sentChat = NewConversation();
        var droppedChat = NewConversation();
        var (sentConversation, droppedConversation) = (sentChat.Id, droppedChat.Id);
        var sent = await sentChat.PostAsync(Agent, "Where is my parcel?", "It was due Monday.");
        var dropped = await droppedChat.PostAsync(OtherAgent, "Are you there?");
        await sentChat.WaitQueuedAsync(Agent, sent.Length);
        await droppedChat.WaitQueuedAsync(OtherAgent, dropped.Length);
        // The other agent comes online before the flush: their digest is dropped (recipient-read), not sent.
        await platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = true, At = DateTimeOffset.UtcNow });
        var db = infrastructure.Redis.GetDatabase();
        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(infrastructure.KeyPrefix + "presence:" + OtherAgent, "online") == "1",
            "the other agent to be online");

        using (var client = new HttpClient { BaseAddress = new Uri(admin.Urls.First()) })
        {
            client.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, ApiKey);
            (await client.PostAsync("/admin/email/digest/flush", null)).EnsureSuccessStatusCode();
        }

        var sentEntries = await Task.WhenAll(sent.Select(m => DeliveryLogEntryAsync(sentConversation, $"{m.MessageId}:{Agent}:{Channels.Email}")));
        var droppedEntry = await DeliveryLogEntryAsync(droppedConversation, $"{dropped[0].MessageId}:{OtherAgent}:{Channels.Email}");
        Assert.All(sentEntries, entry => Assert.Equal(DeliveryLogEntry.Delivered, entry.Outcome));
        Assert.Equal(DeliveryLogEntry.Suppressed, droppedEntry.Outcome);
        var traceId = Assert.Single(sentEntries.Append(droppedEntry).Select(entry => entry.TraceId).Distinct());
        Assert.False(string.IsNullOrEmpty(traceId), "the digests' delivery log entries carry no trace id");

        List<Activity> trace = [];
        await Eventually.TrueAsync(() => (trace = TraceOf(traceId)).Count(IsSendDigest) == 2 && trace.Any(IsSmtpSend) && trace.Any(IsFlushRequest),
            "the flush request's span with a digest span per email");
        var described = Describe(trace);
        var request = Assert.Single(trace, IsFlushRequest);
        var digests = trace.Where(IsSendDigest).ToList();
        Assert.True(digests.All(d => d.ParentSpanId == request.SpanId), $"the digest spans are not under the request; trace:\n{described}");

        var sentDigest = Assert.Single(digests, d => Tag(d, NotificationsTelemetry.ConversationId) == sentConversation);
        Assert.Equal(Agent, Tag(sentDigest, NotificationsTelemetry.RecipientId));
        Assert.Equal("2", Tag(sentDigest, NotificationsTelemetry.NotificationCount));
        Assert.Equal("delivered", Tag(sentDigest, NotificationsTelemetry.Outcome));
        Assert.Equal(sentEntries.Select(e => e.NotificationId).Order(), NotificationIdsOf(sentDigest).Order());
        Assert.True(trace.Any(s => IsSmtpSend(s) && s.ParentSpanId == sentDigest.SpanId), $"the SMTP call is not under the digest's span; trace:\n{described}");

        var droppedDigest = Assert.Single(digests, d => Tag(d, NotificationsTelemetry.ConversationId) == droppedConversation);
        Assert.Equal(OtherAgent, Tag(droppedDigest, NotificationsTelemetry.RecipientId));
        Assert.Equal("suppressed", Tag(droppedDigest, NotificationsTelemetry.Outcome));
        Assert.Equal(DigestFlusher.RecipientRead, Tag(droppedDigest, NotificationsTelemetry.SuppressionReason));
        Assert.Equal([droppedEntry.NotificationId], NotificationIdsOf(droppedDigest));
        Assert.DoesNotContain(trace, s => s.ParentSpanId == droppedDigest.SpanId && s.Kind == ActivityKind.Client);
        // Both outcomes are published under their digest's span.
        Assert.All(digests, d => Assert.True(trace.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer && s.ParentSpanId == d.SpanId),
            $"no publish under the digest span of {Tag(d, NotificationsTelemetry.ConversationId)}; trace:\n{described}"));

        AssertNoPersonalData(trace, [.. sent.Select(m => m.Text), dropped[0].Text]);
        await platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = false, At = DateTimeOffset.UtcNow });
    }

    private async Task StartServicesAsync(string schedule)
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:Digest:Enabled"] = "true",
            ["Email:Digest:Schedule"] = schedule,
            ["Admin:ApiKey"] = ApiKey,
        };
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        // In one process a tracer provider sees every service's spans; the test picks its own by trace id.
        sender = await ServiceHost.StartAsync("Notifications.EmailSender", builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            return EmailSenderHost.Build(builder);
        }, configuration);
        services.Add(sender);
        // The admin service takes the flush request; its spans reach the same in-process exporter.
        admin = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        services.Add(admin);

        platform = await infrastructure.StartPlatformBusAsync(new NotificationOutcomes());
        await HelpDeskParticipants.PublishAsync(platform, infrastructure.Redis, infrastructure.KeyPrefix, (User, "Tom Visitor"), (Agent, "Agent " + Agent), (OtherAgent, "Agent " + OtherAgent));
    }

    private DigestConversation NewConversation() => new(platform, infrastructure.Redis, infrastructure.KeyPrefix, User, "Tom Visitor");

    private async Task<DeliveryLogEntry> DeliveryLogEntryAsync(string conversation, string notificationId)
    {
        var log = sender.Services.GetRequiredService<DeliveryLogStore>();
        DeliveryLogEntry? entry = null;
        await Eventually.TrueAsync(async () => (entry = (await log.ReadAsync(conversation, recipientId: null))
            .FirstOrDefault(e => e.NotificationId == notificationId)) is not null, $"the delivery log entry of {notificationId}");
        return entry!;
    }

    private List<Activity> TraceOf(string traceId) => spans.Where(s => s.TraceId.ToHexString() == traceId).ToList();

    private static bool IsSendDigest(Activity span) => span.Source.Name == NotificationsTelemetry.Name && span.DisplayName == DigestFlusher.SpanName;

    private static bool IsSmtpSend(Activity span) => span.DisplayName == "smtp send";

    private static bool IsFlushRequest(Activity span) => span.Kind == ActivityKind.Server && Tag(span, "url.path") == "/admin/email/digest/flush";

    /// <summary>The platform's bus consuming an outcome: the published event carried the trace across the broker.</summary>
    private static bool IsOutcomeConsumed(Activity span) => span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && (Tag(span, "messaging.masstransit.message_types") ?? "").Contains($"Notifications.Contracts:{nameof(NotificationDelivered)}", StringComparison.Ordinal);

    private static List<string> NotificationIdsOf(Activity digest) => digest.Events
        .Where(e => e.Name == DigestFlusher.NotificationEvent)
        .Select(e => e.Tags.First(t => t.Key == NotificationsTelemetry.NotificationId).Value?.ToString() ?? "")
        .ToList();

    private static bool IsAbout(MimeKit.MimeMessage email, string conversation) =>
        email.Headers["X-Notification-Id"]?.Contains(":" + conversation + ":", StringComparison.Ordinal) == true;

    /// <summary>No email address and no message text in any tag, event or status of the trace.</summary>
    private static void AssertNoPersonalData(IEnumerable<Activity> trace, params string[] texts)
    {
        foreach (var span in trace)
        {
            var values = span.TagObjects.Select(t => (Where: $"{span.DisplayName} tag {t.Key}", Value: t.Value?.ToString() ?? ""))
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => (Where: $"{span.DisplayName} event {e.Name} tag {t.Key}", Value: t.Value?.ToString() ?? ""))))
                .Append(($"{span.DisplayName} status", span.StatusDescription ?? ""));
            foreach (var (where, value) in values)
            {
                Assert.False(EmailAddress().IsMatch(value), $"{where} holds an email address: {value}");
                Assert.False(texts.Any(text => value.Contains(text, StringComparison.Ordinal)), $"{where} holds a message's text: {value}");
            }
        }
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static string Describe(IEnumerable<Activity> trace) => string.Join("\n", trace.Select(s =>
        $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId} " + string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))));

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, smtp);
}
