using System.Diagnostics;
using System.Text.RegularExpressions;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Telemetry;
using static Notifications.IntegrationTests.Observability.ObservedPipelineFixture;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// One chat message published on the real broker makes one trace: the router's consume and decision, its command
/// sends, each sender's consume and delivery, and each provider call (SMTP, Twilio's and OneSignal's HTTP APIs).
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class TracingTests(ObservedPipelineFixture pipeline)
{
    [Fact]
    public async Task OneChatMessage_IsOneTrace_FromRouterThroughEverySenderToEachProviderCall()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);
        var traceId = await PublishInOwnTraceAsync(message);

        // A1: both sales agents get an email; the offline one also an SMS and a push, the online one a realtime event.
        List<Activity> trace = [];
        await Eventually.TrueAsync(() =>
        {
            trace = pipeline.Spans.Where(s => s.TraceId == traceId).ToList();
            return trace.Count(s => s.DisplayName.StartsWith("deliver ", StringComparison.Ordinal) && Tag(s, NotificationsTelemetry.Outcome) == "delivered") == 5
                && trace.Count(IsSmtpSend) == 2 && trace.Any(IsTwilioCall) && trace.Any(IsOneSignalCall);
        }, "the deliveries' spans", TimeSpan.FromSeconds(30));
        var described = Describe(trace);

        var route = Assert.Single(trace, s => s.DisplayName == "route message");
        Assert.Equal(message.MessageId, Tag(route, NotificationsTelemetry.MessageId));
        Assert.Equal(message.ConversationId, Tag(route, NotificationsTelemetry.ConversationId));
        Assert.Equal("routed", Tag(route, NotificationsTelemetry.Outcome));
        var routed = route.Events.Where(e => e.Name == "notification routed").ToList();
        Assert.Contains(routed, e => EventTag(e, NotificationsTelemetry.NotificationId) == $"{message.MessageId}:{OfflineAgent}:{Channels.Sms}"
            && EventTag(e, NotificationsTelemetry.Rule) == "A1" && EventTag(e, NotificationsTelemetry.RecipientId) == OfflineAgent);

        // The router's consume span is the route span's parent, and the router's command sends are its children.
        var routerConsume = Assert.Single(trace, s => s.SpanId == route.ParentSpanId);
        Assert.Equal("MassTransit", routerConsume.Source.Name);
        Assert.Equal(ActivityKind.Consumer, routerConsume.Kind);
        var commandSends = trace.Where(s => s.Source.Name == "MassTransit" && s.ParentSpanId == route.SpanId && s.Kind == ActivityKind.Producer).ToList();
        Assert.True(commandSends.Count >= 4, $"expected the router's command sends under the route span; trace:\n{described}");

        foreach (var (channel, recipient) in new[] { (Channels.Email, OfflineAgent), (Channels.Email, OnlineAgent), (Channels.Sms, OfflineAgent), (Channels.Push, OfflineAgent) })
        {
            var notificationId = $"{message.MessageId}:{recipient}:{channel}";
            var deliver = Assert.Single(trace, s => s.DisplayName == $"deliver {channel}" && Tag(s, NotificationsTelemetry.NotificationId) == notificationId);
            Assert.Equal(channel, Tag(deliver, NotificationsTelemetry.Channel));
            Assert.Equal(recipient, Tag(deliver, NotificationsTelemetry.RecipientId));
            Assert.Equal(message.MessageId, Tag(deliver, NotificationsTelemetry.MessageId));
            Assert.Equal(message.ConversationId, Tag(deliver, NotificationsTelemetry.ConversationId));
            Assert.Equal("A1", Tag(deliver, NotificationsTelemetry.Rule));
            Assert.Equal("delivered", Tag(deliver, NotificationsTelemetry.Outcome));
            Assert.False(string.IsNullOrEmpty(Tag(deliver, NotificationsTelemetry.Provider)));

            // Up from the delivery span: the sender's consume span(s), then the router's send of this command.
            var ancestors = Ancestors(trace, deliver).ToList();
            var senderConsume = ancestors.TakeWhile(a => !commandSends.Contains(a)).ToList();
            Assert.True(senderConsume.Count > 0 && senderConsume.All(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer),
                $"{deliver.DisplayName} {notificationId} is not under a sender's consume span; trace:\n{described}");
            Assert.Contains(ancestors, commandSends.Contains);
            Assert.Contains(ancestors, a => a == route);

            var providerCalls = trace.Where(s => s.ParentSpanId == deliver.SpanId && s.Kind == ActivityKind.Client).ToList();
            Assert.True(providerCalls.Count >= 1, $"no provider call under {deliver.DisplayName} {notificationId}; trace:\n{described}");
            Func<Activity, bool> expectedCall = channel switch
            {
                Channels.Email => IsSmtpSend,
                Channels.Sms => IsTwilioCall,
                _ => IsOneSignalCall,
            };
            Assert.Contains(providerCalls, call => expectedCall(call));
        }
        Assert.All(trace.Where(IsSmtpSend), smtp => Assert.Equal("smtp", Tag(smtp, NotificationsTelemetry.Provider)));

        AssertNoContactDetails(trace);
    }

    [Fact]
    public async Task DeliveryLogLines_CarryTheTraceIdAndSpanIdOfTheDeliverySpan()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);
        var traceId = await PublishInOwnTraceAsync(message);
        var notificationId = $"{message.MessageId}:{OfflineAgent}:{Channels.Sms}";

        CapturedLog? delivered = null;
        await Eventually.TrueAsync(() => (delivered = pipeline.Logs.Lines.FirstOrDefault(l =>
            l.State.TryGetValue("NotificationId", out var id) && Equals(id, notificationId) && l.Message.Contains("delivered"))) is not null,
            "the delivery's log line");
        Activity? deliver = null;
        await Eventually.TrueAsync(() => (deliver = pipeline.Spans.FirstOrDefault(s => s.DisplayName == "deliver sms"
            && Tag(s, NotificationsTelemetry.NotificationId) == notificationId)) is not null, "the delivery span");

        Assert.Equal(traceId, delivered!.TraceId);
        Assert.Equal(deliver!.SpanId, delivered.SpanId);

        var routed = Assert.Single(pipeline.Logs.Lines, l => l.Category.EndsWith("MessageRouter", StringComparison.Ordinal)
            && l.State.TryGetValue("MessageId", out var id) && Equals(id, message.MessageId));
        var route = Assert.Single(pipeline.Spans, s => s.DisplayName == "route message" && Tag(s, NotificationsTelemetry.MessageId) == message.MessageId);
        Assert.Equal(traceId, routed.TraceId);
        Assert.Equal(route.SpanId, routed.SpanId);
    }

    [Fact]
    public async Task MessageThatWaitsForItsRecipient_StaysOneTrace_WithBothDecisionsAndTheDelivery()
    {
        var userId = "user-late-" + Guid.NewGuid().ToString("N")[..8];
        var message = Message(OfflineAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = userId, LastAgentId = OfflineAgent }, first: false);

        var traceId = await PublishInOwnTraceAsync(message);
        await Eventually.TrueAsync(() => pipeline.Spans.Any(s => s.DisplayName == "route message" && s.TraceId == traceId), "the first decision");
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = userId, Role = ParticipantRoles.User, Name = "Grace", Email = $"{userId}@helpdesk.test" });

        List<Activity> trace = [];
        // A span is recorded when it ends: the email can be sent before the second route message span has ended.
        // The deliver span ends after the SMTP send under it: wait for it too.
        await Eventually.TrueAsync(() => (trace = pipeline.Spans.Where(s => s.TraceId == traceId).ToList()).Any(IsSmtpSend)
                && trace.Count(s => s.DisplayName == "route message") >= 2 && trace.Any(s => s.DisplayName == $"deliver {Channels.Email}"),
            "the email after the directory wait, and both decisions, in the message's trace", TimeSpan.FromSeconds(30));
        var decisions = trace.Where(s => s.DisplayName == "route message").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["awaiting-directory", "routed"], decisions.Select(d => Tag(d, NotificationsTelemetry.Outcome)));
        Assert.All(decisions, d => Assert.Equal(message.MessageId, Tag(d, NotificationsTelemetry.MessageId)));
        var deliver = Assert.Single(trace, s => s.DisplayName == $"deliver {Channels.Email}");
        Assert.Contains(Ancestors(trace, deliver), a => a == decisions[1]);
    }

    [Fact]
    public async Task BareJsonMessage_WithTraceparent_ContinuesThePlatformsTrace()
    {
        // A platform without MassTransit: the bare event with a W3C traceparent header.
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        var traceId = ActivityTraceId.CreateRandom();
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);

        await platform.PublishAsync("MessagePosted", System.Text.Json.JsonSerializer.Serialize(message, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            headers: new Dictionary<string, object?> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" });

        await Eventually.TrueAsync(() => pipeline.Spans.Any(s => s.TraceId == traceId && s.DisplayName == "route message")
            && pipeline.Spans.Any(s => s.TraceId == traceId && s.DisplayName == $"deliver {Channels.Email}"),
            "the decision and the delivery in the platform's trace");
    }

    /// <summary>Publishes as the chat platform does, inside the platform's own (recorded) span, and returns its trace id.</summary>
    private async Task<ActivityTraceId> PublishInOwnTraceAsync(MessagePosted message)
    {
        var platform = new Activity("chat platform posts message");
        platform.SetIdFormat(ActivityIdFormat.W3C);
        platform.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        platform.Start();
        try
        {
            await pipeline.Platform.Publish(message);
        }
        finally
        {
            platform.Stop();
        }
        return platform.TraceId;
    }

    private static void AssertNoContactDetails(IEnumerable<Activity> spans)
    {
        string[] forbidden = [EmailOf(OfflineAgent), EmailOf(OnlineAgent), EmailOf(User), OfflineAgentPhone, UserPhone, "+15550000000"];
        foreach (var span in spans)
        {
            var values = span.TagObjects.Select(t => (Where: $"{span.DisplayName} tag {t.Key}", Value: t.Value?.ToString() ?? ""))
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => (Where: $"{span.DisplayName} event {e.Name} tag {t.Key}", Value: t.Value?.ToString() ?? ""))))
                .Append(($"{span.DisplayName} name", span.DisplayName));
            foreach (var (where, value) in values)
            {
                Assert.False(forbidden.Any(f => value.Contains(f, StringComparison.OrdinalIgnoreCase)), $"{where} holds a contact detail: {value}");
                Assert.False(EmailAddress().IsMatch(value), $"{where} holds an email address: {value}");
                Assert.False(PhoneNumber().IsMatch(Uri.UnescapeDataString(value)), $"{where} holds a phone number: {value}");
            }
        }
    }

    private static IEnumerable<Activity> Ancestors(List<Activity> trace, Activity span)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null;
             parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
            yield return parent;
    }

    private static bool IsSmtpSend(Activity span) => span.DisplayName == "smtp send";

    private static bool IsTwilioCall(Activity span) => span.Kind == ActivityKind.Client
        && (Tag(span, "url.full") ?? "").Contains($"/Accounts/{TwilioAccountSid}/Messages.json", StringComparison.Ordinal);

    private static bool IsOneSignalCall(Activity span) => span.Kind == ActivityKind.Client
        && (Tag(span, "url.full") ?? "").EndsWith("/notifications", StringComparison.Ordinal);

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static string? EventTag(ActivityEvent e, string key) => e.Tags.FirstOrDefault(t => t.Key == key).Value?.ToString();

    private static string Describe(IEnumerable<Activity> spans) => string.Join("\n", spans.Select(s =>
        $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} <- {s.ParentSpanId} " + string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))));

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\+\d{8,15}")]
    private static partial Regex PhoneNumber();
}
