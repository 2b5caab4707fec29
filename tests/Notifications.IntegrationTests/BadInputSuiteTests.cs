using System.Text.Json.Nodes;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// Bad input at the broker: each case is published raw, as a misbehaving platform would, and must end in a
/// clear outcome that loses nothing (the router's error queue with a reason naming the problem, or the skipped
/// queue for a type nobody consumes) while the router goes on routing the next message.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadInputSuiteTests(PipelineFixture pipeline)
{
    private const string Envelope = "application/vnd.masstransit+json";

    public static TheoryData<string> Cases => new(BadInputs.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_EndsInTheErrorQueueWithItsReason_AndRoutingGoesOn(string name)
    {
        var input = BadInputs[name];
        var marker = Guid.NewGuid().ToString("N");

        var (type, body) = input.Build(marker);
        var exchange = "Notifications.Contracts:" + type;
        await pipeline.VirtualHost.PublishRawAsync(exchange, body, input.ContentType);

        if (input.Outcome == "routed")
        {
            await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(e => (e.TextBody ?? "").Contains(marker)), "the email of the message");
            return;
        }
        var queue = input.Outcome == "skipped" ? QueueNames.Router + "_skipped" : QueueNames.ErrorQueueOf(QueueNames.Router);
        var kept = await pipeline.ErrorQueues.WaitForAsync(queue, m => m.Payload.Contains(marker));
        if (input.Outcome == "error")
        {
            var reason = kept.Headers.GetValueOrDefault("MT-Fault-Message") ?? kept.Headers.GetValueOrDefault("MT-Reason") ?? "";
            Assert.False(string.IsNullOrWhiteSpace(reason), $"no reason in the headers: {string.Join(", ", kept.Headers.Keys)}");
            Assert.True(reason.Contains(input.ReasonContains), $"The reason \"{reason}\" does not name \"{input.ReasonContains}\".");
        }

        await AssertRoutingGoesOnAsync();
    }

    private async Task AssertRoutingGoesOnAsync()
    {
        var control = Message(User, Contracts.ParticipantRoles.User, new Contracts.ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        await pipeline.Platform.Publish(control);
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => (m.TextBody ?? "").Contains(control.Text)), "the control message's email");
    }

    /// <summary>A bad input: which event type's exchange it is published to, and its raw body.</summary>
    public sealed record BadInput(string Type, Func<string, string> Body, string ReasonContains = "", string Outcome = "error", string ContentType = Envelope)
    {
        public (string Type, string Body) Build(string marker) => (Type, Body(marker));
    }

    private static readonly Dictionary<string, BadInput> BadInputs = new()
    {
        // Not a message at all.
        ["malformed JSON"] = new("MessagePosted", m => Posted(Valid(m))[..^20]),
        ["not JSON"] = new("MessagePosted", m => $"hello {m}, this is not JSON"),
        ["JSON array instead of an envelope"] = new("MessagePosted", m => $"[\"{m}\"]"),
        ["empty message in the envelope"] = new("MessagePosted", m => $$"""{"messageId":"{{Guid.NewGuid()}}","conversationId":"{{m}}","messageType":["urn:message:Notifications.Contracts:MessagePosted"],"message":null}"""),
        ["text/plain content type on a valid envelope (understood and routed)"] = new("MessagePosted", m => Posted(Valid(m)), Outcome: "routed", ContentType: "text/plain"),
        ["unknown message type"] = new("MessagePosted", m => Wrap("Acme.Chat:SomethingElse", Valid(m)), Outcome: "skipped"),

        // MessagePosted with a field missing or wrong.
        ["missing messageId"] = new("MessagePosted", m => Posted(Without(Valid(m), "messageId")), "'messageId'"),
        ["missing conversationId"] = new("MessagePosted", m => Posted(Without(Valid(m), "conversationId")), "'conversationId'"),
        ["missing sender"] = new("MessagePosted", m => Posted(Without(Valid(m), "sender")), "'sender'"),
        ["missing sender id"] = new("MessagePosted", m => Posted(Without(Valid(m), "sender", "id")), "'id'"),
        ["unknown sender role"] = new("MessagePosted", m => Posted(With(Valid(m), "root", "sender", "role")), "sender.role"),
        ["missing text"] = new("MessagePosted", m => Posted(Without(Valid(m), "text")), "'text'"),
        ["missing postedAt"] = new("MessagePosted", m => Posted(Without(Valid(m), "postedAt")), "'postedAt'"),
        ["postedAt not a date"] = new("MessagePosted", m => With(Valid(m), "yesterday", "postedAt")),
        ["missing conversation"] = new("MessagePosted", m => Posted(Without(Valid(m), "conversation")), "'conversation'"),
        ["empty conversation userId"] = new("MessagePosted", m => Posted(With(Valid(m), "", "conversation", "userId")), "conversation.userId is required"),
        ["empty departmentId"] = new("MessagePosted", m => Posted(With(Valid(m), "", "conversation", "departmentId")), "conversation.departmentId"),
        ["oversize text"] = new("MessagePosted", m => Posted(With(Valid(m), new string('x', 100_001), "text")), "Routing:MaxMessageLength"),
        ["too many attachments"] = new("MessagePosted", m => Posted(WithNode(Valid(m), Attachments(51, "https://files.test/a.pdf"), "attachments")), "Routing:MaxAttachments"),
        ["script attachment URL"] = new("MessagePosted", m => Posted(WithNode(Valid(m), Attachments(1, "javascript:alert(1)"), "attachments")), "attachments[].url"),
        ["relative attachment URL"] = new("MessagePosted", m => Posted(WithNode(Valid(m), Attachments(1, "/files/a.pdf"), "attachments")), "attachments[].url"),
        ["overlong messageId"] = new("MessagePosted", m => Posted(With(Valid(m), m + new string('m', 200), "messageId")), "at most 200"),
        ["CR/LF in messageId"] = new("MessagePosted", m => Posted(With(Valid(m), m + "\r\nBcc: victim@evil.test", "messageId")), "control characters"),
        ["boolean given as text"] = new("MessagePosted", m => With(Valid(m), "yes", "isFirstMessage")),
        ["id given as a number"] = new("MessagePosted", m => Posted(WithNode(Valid(m), JsonValue.Create(42), "conversation", "userId"))),
        ["sender given as text"] = new("MessagePosted", m => With(Valid(m), "bob", "sender")),

        // The other platform events.
        ["participant with unknown role"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", Participant(m, role: "owner")), "role must be"),
        ["participant without name"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", Without(Participant(m), "name")), "'name'"),
        ["participant with unknown push platform"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", WithNode(Participant(m), new JsonArray(new JsonObject { ["deviceId"] = "d", ["platform"] = "windows" }), "pushDevices")), "pushDevices"),
        ["participant id with ':' (would be another key's name)"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", With(Participant(m), "bad-" + m + ":devices", "participantId")), "participantId contains ':'"),
        ["participant id with CR/LF"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", With(Participant(m), "bad-" + m + "\r\nx", "participantId")), "participantId contains control characters"),
        ["5,000-character participant id"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", With(Participant(m), "bad-" + m + new string('a', 5000), "participantId")), "at most 200"),
        ["null entry in pushDevices"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", WithNode(Participant(m), new JsonArray((JsonNode?)null), "pushDevices")), "pushDevices[0] is null"),
        ["participant name of 201 characters"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", With(Participant(m), m + new string('n', 201), "name")), "at most 200"),
        ["message id with ':'"] = new("MessagePosted", m => Posted(With(Valid(m), m + ":a", "messageId")), "messageId contains ':'"),
        ["sender name of 201 characters"] = new("MessagePosted", m => Posted(With(Valid(m), new string('n', 201), "sender", "name")), "sender.name"),
        ["attachment name of 256 characters"] = new("MessagePosted", m => Posted(WithNode(Valid(m), new JsonArray(new JsonObject { ["name"] = new string('f', 256), ["url"] = "https://files.test/a.pdf" }), "attachments")), "attachments[].name"),
        ["participant without id"] = new("ParticipantUpserted", m => Wrap("ParticipantUpserted", With(Participant(m), "", "participantId")), "participantId is required"),
        ["presence without time"] = new("PresenceChanged", m => Wrap("PresenceChanged", $$"""{"participantId":"{{m}}","online":true}"""), "'at'"),
        ["presence without participant"] = new("PresenceChanged", m => Wrap("PresenceChanged", $$"""{"participantId":"","online":true,"at":"2026-11-25T10:00:00+00:00","note":"{{m}}"}"""), "participantId is required"),
        ["bot reply without message id"] = new("ChatbotReplied", m => Wrap("ChatbotReplied", $$"""{"conversationId":"{{m}}","messageId":"","resolved":true}"""), "messageId is required"),
        ["participant removal without id"] = new("ParticipantRemoved", m => Wrap("ParticipantRemoved", $$"""{"participantId":"","note":"{{m}}"}"""), "participantId is required"),
    };

    /// <summary>A valid MessagePosted (as JSON) carrying the marker in its ids and text.</summary>
    private static JsonObject ValidNode(string marker) => new()
    {
        ["messageId"] = marker,
        ["conversationId"] = "conv-" + marker,
        ["sender"] = new JsonObject { ["id"] = User, ["role"] = "user", ["name"] = "Ada" },
        ["text"] = "bad input " + marker,
        ["attachments"] = new JsonArray(),
        ["postedAt"] = "2026-11-25T10:00:00+00:00",
        ["isFirstMessage"] = true,
        ["conversation"] = new JsonObject { ["userId"] = User, ["assignedAgentId"] = LastAgent, ["humanTakeover"] = false },
    };

    private static string Valid(string marker) => ValidNode(marker).ToJsonString();

    private static string Participant(string marker, string role = "user") => new JsonObject
    {
        ["participantId"] = "bad-" + marker,
        ["role"] = role,
        ["name"] = "Bad " + marker,
    }.ToJsonString();

    private static JsonArray Attachments(int count, string url) =>
        new(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["name"] = $"file{i}.pdf", ["url"] = url }).ToArray());

    private static string Wrap(string type, string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:{{(type.Contains(':') ? type : "Notifications.Contracts:" + type)}}"],"message":{{message}}}""";

    private static string Posted(string message) => Wrap("MessagePosted", message);

    private static string Without(string json, params string[] path)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        Parent(root, path).Remove(path[^1]);
        return root.ToJsonString();
    }

    private static string With(string json, string value, params string[] path) => WithNode(json, JsonValue.Create(value), path);

    private static string WithNode(string json, JsonNode? value, params string[] path)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        Parent(root, path)[path[^1]] = value;
        return root.ToJsonString();
    }

    private static JsonObject Parent(JsonObject root, string[] path) =>
        path[..^1].Aggregate(root, (node, key) => node[key]!.AsObject());
}
