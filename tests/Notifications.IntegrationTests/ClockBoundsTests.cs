using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// A skewed clock cannot freeze anyone's state: presence and directory events dated far in the future go to the
/// error queue with a reason naming <c>at</c>, and the correct events after them still apply; a future
/// <c>postedAt</c> is taken as the time the router received the message.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ClockBoundsTests(PipelineFixture pipeline)
{
    private static readonly string RouterErrorQueue = QueueNames.ErrorQueueOf(QueueNames.Router);

    [Fact]
    public async Task PresenceChanged_AnHourAhead_GoesToTheErrorQueue_AndTheNextEventStillApplies()
    {
        var id = $"agent-skew-{Guid.NewGuid():N}"[..22];
        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = id, Online = true, At = DateTimeOffset.UtcNow.AddHours(1) });

        var failed = await pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, m => m.Payload.Contains(id));
        Assert.Contains("at ", failed.Headers["MT-Fault-Message"]);
        Assert.Contains("Routing:MaxClockSkewSeconds", failed.Headers["MT-Fault-Message"]);

        await pipeline.Platform.Publish(new PresenceChanged { ParticipantId = id, Online = true, At = DateTimeOffset.UtcNow });
        await pipeline.WaitForPresenceAsync(id, online: true);
    }

    [Fact]
    public async Task ParticipantUpserted_AnHourAhead_GoesToTheErrorQueue_AndTheNextUpsertStillApplies()
    {
        var id = $"agent-skew-{Guid.NewGuid():N}"[..22];
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = id, Role = ParticipantRoles.Agent, Name = "Skewed", At = DateTimeOffset.UtcNow.AddHours(1) });

        var failed = await pipeline.ErrorQueues.WaitForAsync(RouterErrorQueue, m => m.Payload.Contains(id));
        Assert.Contains("Invalid ParticipantUpserted", failed.Headers["MT-Fault-Message"]);
        Assert.Contains("in the future", failed.Headers["MT-Fault-Message"]);

        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = id, Role = ParticipantRoles.Agent, Name = "Correct", At = DateTimeOffset.UtcNow });
        await pipeline.WaitForParticipantsAsync(id);
    }

    [Fact]
    public async Task PostedAt_InTheFuture_IsRoutedAsReceived()
    {
        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = LastAgent }, first: true)
            with { PostedAt = DateTimeOffset.UtcNow.AddYears(70) };
        await pipeline.Platform.Publish(message);

        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(EmailOf(LastAgent)) && (m.TextBody ?? "").Contains(message.Text)),
            "the email");
        // The transcript (digests read it) holds the message at the time it was received, not in 2096.
        var transcript = await pipeline.Redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(pipeline.KeyPrefix + "transcript:" + message.ConversationId);
        Assert.NotEmpty(transcript);
        Assert.All(transcript, entry => Assert.True(entry.Score <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), $"stored at {entry.Score}"));
    }
}
