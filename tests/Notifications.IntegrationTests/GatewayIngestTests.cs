using System.Net;
using System.Text.Json;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// The HTTP ingest on the gateway against the real broker and the running services: a signed event is published and
/// notifies as one published over AMQP; every refusal is the documented answer, naming what is wrong, and sends nothing.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatewayIngestTests(PipelineFixture pipeline)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private SignedIngest Ingest() => new(pipeline.GatewayUrl, PipelineFixture.IngestSigningKey);

    [Fact]
    public async Task SignedMessagePosted_Is202_AndTheAgentIsEmailed()
    {
        using var ingest = Ingest();
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);

        var response = await ingest.PostAsync("MessagePosted", JsonSerializer.Serialize(message, Json));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(LastAgent)) && (m.TextBody ?? "").Contains(message.Text)),
            "the email for the ingested message");
    }

    [Fact]
    public async Task WrongSignature_StaleTimestamp_AndNoSignature_Are401_AndNothingIsSent()
    {
        using var ingest = Ingest();
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        var json = JsonSerializer.Serialize(message, Json);

        var forged = await ingest.PostAsync("MessagePosted", json, signature: "sha256=" + new string('0', 64));
        var stale = await ingest.PostAsync("MessagePosted", json, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));
        var unsigned = await ingest.PostAsync("MessagePosted", json, signature: "");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, stale.StatusCode, unsigned.StatusCode));
        Assert.Contains("does not match", await forged.Content.ReadAsStringAsync());
        Assert.Contains("X-Timestamp", await stale.Content.ReadAsStringAsync());
        Assert.DoesNotContain(PipelineFixture.IngestSigningKey, await forged.Content.ReadAsStringAsync());
        await Task.Delay(1000);
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(message.Text));
    }

    [Fact]
    public async Task MalformedJson_AndAMissingField_Are400NamingIt()
    {
        using var ingest = Ingest();
        var malformed = await ingest.PostAsync("MessagePosted", "{\"messageId\": ");
        var noSender = await ingest.PostAsync("MessagePosted", $$$"""
            {"messageId":"m-{{{Guid.NewGuid():N}}}","conversationId":"c","text":"hi","postedAt":"2026-12-01T10:00:00Z","conversation":{"userId":"{{{User}}}"}}
            """);
        var badType = await ingest.PostAsync("PresenceChanged", """{"participantId":"p","online":"yes","at":"2026-12-01T10:00:00Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSender.StatusCode);
        Assert.Contains("sender", await noSender.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("online", await badType.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEventTheRouterWouldRefuse_Is400WithTheRoutersReason_NotAcceptedForItsErrorQueue()
    {
        using var ingest = Ingest();
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        var badId = message with { Sender = message.Sender with { Id = "ada:devices" } };
        var internalFromUser = message with { Visibility = MessageVisibility.Internal };

        var colon = await ingest.PostAsync("MessagePosted", JsonSerializer.Serialize(badId, Json));
        var note = await ingest.PostAsync("MessagePosted", JsonSerializer.Serialize(internalFromUser, Json));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (colon.StatusCode, note.StatusCode));
        Assert.Contains("sender.id", await colon.Content.ReadAsStringAsync());
        Assert.Contains("visibility", await note.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OversizeBody_Is413_BeforeTheSignatureIsChecked()
    {
        using var ingest = Ingest();
        var response = await ingest.PostAsync("MessagePosted", "{\"text\":\"" + new string('x', 1024 * 1024) + "\"}", signature: "sha256=not-even-checked");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Ingest:MaxBodyBytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownEvent_Is404_NamingTheEventsThatExist()
    {
        using var ingest = Ingest();
        var response = await ingest.PostAsync("NotificationDelivered", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("MessagePosted", await response.Content.ReadAsStringAsync());
    }
}
