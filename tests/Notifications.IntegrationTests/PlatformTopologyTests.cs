using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Messaging.Topology;

namespace Notifications.IntegrationTests;

/// <summary>
/// Nothing a platform publishes is dropped because the router never ran: the documented <c>--declare-topology</c>
/// command (and every service at start) declares the router's queue and its event exchanges as MassTransit would,
/// so an event published before the router's first start waits in its queue, and the router, started later, takes it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformTopologyTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];

    public Task InitializeAsync() => infrastructure.StartAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EventPublishedBeforeTheRouterEverStarted_IsKept_AndConsumedWhenItStarts(bool quorumQueues)
    {
        var configuration = infrastructure.Configuration();
        configuration["Messaging:QuorumQueues"] = quorumQueues ? "true" : "false";
        var exit = await TopologyCommand.RunIfAskedAsync([TopologyCommand.Flag], new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        Assert.Equal(0, exit);

        var id = "agent-early-" + Guid.NewGuid().ToString("N")[..8];
        await using (var platform = await BareJsonPublisher.ConnectAsync(infrastructure.VirtualHost.AmqpUrl))
            await platform.PublishAsync("ParticipantUpserted", $$"""{"participantId":"{{id}}","role":"agent","name":"Early"}""");

        // The router starts on the declared topology (a declaration that differed from its own would stop it here).
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        await Eventually.TrueAsync(() => infrastructure.Redis.GetDatabase().KeyExistsAsync($"{infrastructure.KeyPrefix}participant:{id}"), "the early event to be consumed");
    }

    [Fact]
    public async Task WithoutTheDeclaration_AnEventWithNoQueueBound_IsReturnedAsUnroutable()
    {
        // Why the declaration exists: the broker confirms and drops an event no queue is bound for yet.
        await using var platform = await BareJsonPublisher.ConnectAsync(infrastructure.VirtualHost.AmqpUrl);
        var error = await Record.ExceptionAsync(() => platform.PublishAsync("ParticipantUpserted", """{"participantId":"nobody","role":"agent","name":"Lost"}"""));
        Assert.NotNull(error);
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services);
}
