using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// A platform without MassTransit publishes the bare event as application/json with the AMQP type property: the
/// router consumes it as an enveloped one, with the same validation, error queue and trace.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BareJsonTests(PipelineFixture pipeline)
{
    private static readonly string RouterErrorQueue = QueueNames.ErrorQueueOf(QueueNames.Router);

    [Fact]
    public async Task BareParticipantPresenceAndMessage_AreConsumedLikeEnvelopedOnes()
    {
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        var agent = $"agent-bare-{Guid.NewGuid():N}"[..22];
        await platform.PublishAsync("ParticipantUpserted", $$"""{"participantId":"{{agent}}","role":"agent","name":"Bare Agent","email":"{{EmailOf(agent)}}","departmentIds":[]}""");
        await pipeline.WaitForParticipantsAsync(agent);
        await platform.PublishAsync("PresenceChanged", $$"""{"participantId":"{{agent}}","online":false,"at":"{{DateTimeOffset.UtcNow:O}}"}""");
        await pipeline.WaitForPresenceAsync(agent, online: false);

        var id = Guid.NewGuid().ToString("N")[..12];
        await platform.PublishAsync("MessagePosted", $$$"""
            {"messageId":"bare-{{{id}}}","conversationId":"conv-{{{id}}}","sender":{"id":"{{{User}}}","role":"user","name":"Ada"},
             "text":"Bare JSON {{{id}}}","postedAt":"{{{DateTimeOffset.UtcNow:O}}}","isFirstMessage":true,
             "conversation":{"userId":"{{{User}}}","assignedAgentId":"{{{agent}}}"}}
            """);

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(agent)) && (m.TextBody ?? "").Contains($"Bare JSON {id}")),
            "the email for the bare message");
    }

    [Fact]
    public async Task BareMessage_WithoutType_OnItsEventsExchange_IsConsumedToo()
    {
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);

        await platform.PublishAsync(type: null, System.Text.Json.JsonSerializer.Serialize(message, Json), exchange: "Notifications.Contracts:MessagePosted");

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => (m.TextBody ?? "").Contains(message.Text)), "the email");
    }

    [Theory]
    [InlineData("NoSuchEvent", "Notifications.Contracts:MessagePosted", "names the type 'NoSuchEvent'")]
    [InlineData(null, "notifications-router", "needs the AMQP 'type' property")]
    public async Task BareMessage_WhoseTypeCannotBeTold_GoesToTheErrorQueueSayingWhatToSet(string? type, string exchange, string reason)
    {
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        var marker = Guid.NewGuid().ToString("N");

        await platform.PublishAsync(type, $$"""{"messageId":"{{marker}}"}""", exchange);

        var failed = await pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, m => m.Payload.Contains(marker));
        Assert.Contains(reason, string.Join(" ", failed.Headers.Values));
    }

    [Fact]
    public async Task BareMessage_MissingAField_GoesToTheErrorQueueNamingIt_AndTheNextIsConsumed()
    {
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        var marker = Guid.NewGuid().ToString("N");
        await platform.PublishAsync("MessagePosted", $$$"""{"messageId":"{{{marker}}}","conversationId":"c","text":"hi","postedAt":"2026-12-01T10:00:00Z","conversation":{"userId":"{{{User}}}"}}""");
        await platform.PublishAsync("MessagePosted", "{ this is not json " + marker);

        var missing = await pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, m => m.Payload.Contains(marker) && m.Payload.Contains("conversationId"));
        Assert.Contains("sender", missing.Headers.GetValueOrDefault("MT-Fault-Message") ?? "");
        var malformed = await pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, m => m.Payload.Contains("not json " + marker));
        Assert.True(string.Join(" | ", malformed.Headers.Select(h => h.Key + "=" + h.Value)).Contains("not valid JSON"), string.Join(" | ", malformed.Headers.Select(h => h.Key + "=" + h.Value)));

        var valid = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        await platform.PublishAsync("MessagePosted", System.Text.Json.JsonSerializer.Serialize(valid, Json));
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => (m.TextBody ?? "").Contains(valid.Text)), "the next message's email");
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
}
