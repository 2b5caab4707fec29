using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;
using Xunit.Abstractions;

namespace Notifications.IntegrationTests;

/// <summary>
/// The delay ladder on the real broker: a message sent with an arbitrary delay reaches its queue no earlier than
/// it is due and soon after, on classic and on quorum queues, and one pending while the router restarts still
/// arrives (the ladder is in the broker, and declaring it again keeps what it holds).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DelayLadderTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Each level's expiry and hop adds a little; a second covers a busy 2-core machine.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1.5);

    private const string ProbeQueue = "delay-ladder-probe";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> arrivals = new();
    private readonly List<WebApplication?> services = [];
    private IBusControl? bus;
    private DelayLadderDeclaration? declaration;

    public Task InitializeAsync() => infrastructure.StartAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MessagesWithArbitraryDelays_ArriveAtTheirQueue_NoEarlierThanDue_AndWithinTolerance(bool quorum)
    {
        var delayed = await StartLadderAsync(quorum, ProbeQueue);

        var sentAt = DateTimeOffset.UtcNow;
        var delays = new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.Zero };
        foreach (var delay in delays)
            await delayed.SendAsync(bus!, ProbeQueue, delay, new LadderProbe { Id = Id(delay) }, CancellationToken.None);

        await Eventually.TrueAsync(() => delays.All(d => arrivals.ContainsKey(Id(d))), "every probe to come off the ladder", timeout: TimeSpan.FromSeconds(15));
        foreach (var delay in delays)
        {
            var took = arrivals[Id(delay)] - sentAt;
            output.WriteLine($"{delay.TotalSeconds} s probe ({(quorum ? "quorum" : "classic")}): arrived after {took.TotalMilliseconds:0} ms");
            Assert.True(took >= delay, $"the {delay.TotalSeconds} s probe arrived after {took.TotalMilliseconds:0} ms, before it was due");
            Assert.True(took <= delay + Tolerance, $"the {delay.TotalSeconds} s probe arrived after {took.TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task MessagePendingOnTheLadder_WhileTheRouterRestarts_ReachesTheRestartedRouter_WhenDue()
    {
        var configuration = infrastructure.Configuration();
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        var delayed = await StartLadderAsync(quorum: false, QueueNames.Router);

        // A participant event put on the ladder for the router's queue: the directory shows when it arrived.
        var participantId = $"ladder-{Guid.NewGuid():N}"[..20];
        var delay = TimeSpan.FromSeconds(5);
        var sentAt = DateTimeOffset.UtcNow;
        await delayed.SendAsync(bus!, QueueNames.Router, delay,
            new ParticipantUpserted { ParticipantId = participantId, Role = ParticipantRoles.Agent, Name = "Lada", Email = $"{participantId}@helpdesk.test" }, CancellationToken.None);

        await services[0]!.StopAsync();
        await services[0]!.DisposeAsync();
        services[0] = null;
        await Task.Delay(TimeSpan.FromSeconds(1));
        services[0] = await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration);

        var key = $"{infrastructure.KeyPrefix}participant:{participantId}";
        Assert.False(await infrastructure.Redis.GetDatabase().KeyExistsAsync(key), "the participant arrived before the delay was over");
        await Eventually.TrueAsync(() => infrastructure.Redis.GetDatabase().KeyExistsAsync(key), "the delayed participant event in the directory", timeout: TimeSpan.FromSeconds(15));
        var took = DateTimeOffset.UtcNow - sentAt;
        output.WriteLine($"stored after {took.TotalMilliseconds:0} ms");
        Assert.True(took >= delay, $"stored after {took.TotalMilliseconds:0} ms, before the {delay.TotalSeconds} s delay");
        Assert.True(took <= delay + Tolerance + TimeSpan.FromSeconds(1), $"stored only after {took.TotalMilliseconds:0} ms");
    }

    private static string Id(TimeSpan delay) => $"probe-{delay.TotalSeconds}s";

    /// <summary>A test bus whose receive endpoint records when each probe arrives, and the ladder declared for <paramref name="destination"/>.</summary>
    private async Task<DelayedDelivery> StartLadderAsync(bool quorum, string destination)
    {
        bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(infrastructure.VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            if (destination == ProbeQueue)
                cfg.ReceiveEndpoint(ProbeQueue, endpoint => endpoint.Handler<LadderProbe>(context =>
                {
                    arrivals.TryAdd(context.Message.Id, DateTimeOffset.UtcNow);
                    return Task.CompletedTask;
                }));
        });
        await bus.StartAsync();

        var options = new DelayedDeliveryOptions { Destinations = { destination } };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(infrastructure.Configuration()).Build();
        declaration = new DelayLadderDeclaration(configuration, Options.Create(options), Options.Create(new MessagingOptions { QuorumQueues = quorum }),
            NullLogger<DelayLadderDeclaration>.Instance);
        await declaration.StartAsync(CancellationToken.None);
        await declaration.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return new DelayedDelivery(declaration);
    }

    public async Task DisposeAsync()
    {
        if (declaration is not null)
            await declaration.StopAsync(CancellationToken.None);
        if (bus is not null)
            await bus.StopAsync();
        await infrastructure.DisposeAsync(services);
    }
}

/// <summary>What the ladder test sends through the ladder.</summary>
public sealed record LadderProbe
{
    public required string Id { get; init; }
}
