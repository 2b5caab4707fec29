using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>A malformed message lands in the router's error queue with its reason, and routing goes on.</summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadInputTests(PipelineFixture pipeline)
{
    private static readonly string RouterErrorQueue = QueueNames.ErrorQueueOf(QueueNames.Router);

    [Fact]
    public async Task InvalidMessagePosted_GoesToErrorQueueWithReason_AndTheNextMessageIsStillDelivered()
    {
        var valid = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        var invalid = valid with { MessageId = "bad-" + valid.MessageId, Sender = valid.Sender with { Role = "administrator" } };

        await pipeline.Platform.Publish(invalid);
        await pipeline.Platform.Publish(valid);

        var failed = await TakeFromErrorQueueAsync(m => m.Payload.Contains(invalid.MessageId));
        Assert.Contains("sender.role", failed.Headers["MT-Fault-Message"]);
        Assert.Contains("administrator", failed.Headers["MT-Fault-Message"]);

        // The sink holds every email of the shared pipeline, some not addressed as this one is: match, never assume.
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m =>
            m.To.Mailboxes.Any(to => to.Address == EmailOf(LastAgent)) && (m.TextBody ?? "").Contains(valid.Text)), "the valid message's email");
    }

    [Fact]
    public async Task UnparseableJson_GoesToErrorQueue_AndTheNextMessageIsStillDelivered()
    {
        var marker = Guid.NewGuid().ToString("N");
        await pipeline.VirtualHost.PublishRawAsync("Notifications.Contracts:MessagePosted",
            "{\"messageType\":[\"urn:message:Notifications.Contracts:MessagePosted\"],\"message\":{\"messageId\":\"" + marker + "\",",
            "application/vnd.masstransit+json");
        var valid = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true);
        await pipeline.Platform.Publish(valid);

        var failed = await TakeFromErrorQueueAsync(m => m.Payload.Contains(marker));
        Assert.True(failed.Headers.ContainsKey("MT-Fault-Message") || failed.Headers.ContainsKey("MT-Reason"),
            "the error queue message carries the reason in its headers: " + string.Join(", ", failed.Headers.Keys));

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => (m.TextBody ?? "").Contains(valid.Text)), "the valid message's email");
    }

    [Fact]
    public async Task MissingRequiredField_GoesToErrorQueueNamingTheField()
    {
        var marker = Guid.NewGuid().ToString("N");
        // No "sender" at all: a platform bug the reason must make obvious.
        var envelope = $$"""
            {"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:Notifications.Contracts:MessagePosted"],
             "message":{"messageId":"{{marker}}","conversationId":"c","text":"hi","postedAt":"2026-11-25T10:00:00+00:00",
                        "conversation":{"userId":"{{User}}"} } }
            """;
        await pipeline.VirtualHost.PublishRawAsync("Notifications.Contracts:MessagePosted", envelope, "application/vnd.masstransit+json");

        var failed = await TakeFromErrorQueueAsync(m => m.Payload.Contains(marker));
        Assert.Contains("sender", failed.Headers.GetValueOrDefault("MT-Fault-Message") ?? "");
    }

    private Task<QueuedMessage> TakeFromErrorQueueAsync(Func<QueuedMessage, bool> match) =>
        pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, match);
}
