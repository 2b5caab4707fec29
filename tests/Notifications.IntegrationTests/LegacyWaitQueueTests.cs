using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.Router.Waits;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// Upgrading from the fixed-TTL wait queues: a note an earlier router left in
/// <c>notifications-router-directory-wait-{N}s</c> still dead-letters into the router's queue, and the router
/// of this version still consumes it and decides the message.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LegacyWaitQueueTests : IAsyncLifetime
{
    private const string LegacyQueue = "notifications-router-directory-wait-1s";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes outcomes = new();
    private WebApplication? router;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        await infrastructure.StartPlatformBusAsync(outcomes);
        router = await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, infrastructure.Configuration());
    }

    [Fact]
    public async Task NoteLeftInAnOldDirectoryWaitQueue_DrainsIntoTheRouter_AndTheMessageIsDecided()
    {
        await DeclareLegacyWaitQueueAsync();
        var userId = $"user-gone-{Guid.NewGuid():N}"[..22];
        var message = Message(LastAgent, ParticipantRoles.Agent, new ConversationInfo { UserId = userId, LastAgentId = LastAgent }, first: false);

        // As an earlier router sent it: to the wait's fanout exchange, whose queue's TTL ends in notifications-router.
        var endpoint = await infrastructure.Platform.GetSendEndpoint(new Uri($"exchange:{LegacyQueue}"));
        await endpoint.Send(new DirectoryWaitElapsed { Message = message });

        await Eventually.TrueAsync(() => outcomes.Suppressed.Any(s => s.MessageId == message.MessageId), "the decision on the drained note");
        var suppressed = Assert.Single(outcomes.Suppressed, s => s.MessageId == message.MessageId);
        Assert.Equal((userId, "U1", "unknown-recipient"), (suppressed.RecipientId, suppressed.Rule, suppressed.Reason));
    }

    /// <summary>The queue and exchange exactly as the earlier router declared them.</summary>
    private async Task DeclareLegacyWaitQueueAsync()
    {
        var factory = RabbitMqConnection.Parse(infrastructure.VirtualHost.AmqpUrl.ToString()).ToConnectionFactory("legacy-wait-queue-test");
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(LegacyQueue, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(LegacyQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-message-ttl"] = 1000,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = QueueNames.Router,
        });
        await channel.QueueBindAsync(LegacyQueue, LegacyQueue, routingKey: "");
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync([router]);
}
