using System.Collections.Concurrent;
using MassTransit;
using Notifications.Contracts;
using Notifications.SharedState.OptOuts;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>A platform's queue bound to the opt-out exchanges, and the router's opt-out store as Redis holds it.</summary>
internal sealed class OptOutListener(PipelineFixture pipeline) : IAsyncDisposable
{
    private IBusControl bus = null!;

    public ConcurrentQueue<ParticipantOptedOut> OptedOut { get; } = new();
    public ConcurrentQueue<ParticipantOptedIn> OptedIn { get; } = new();

    public static async Task<OptOutListener> StartAsync(PipelineFixture pipeline)
    {
        var listener = new OptOutListener(pipeline);
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(pipeline.VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint($"opt-out-tests-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ParticipantOptedOut>(context => { listener.OptedOut.Enqueue(context.Message); return Task.CompletedTask; });
                endpoint.Handler<ParticipantOptedIn>(context => { listener.OptedIn.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        await listener.bus.StartAsync();
        return listener;
    }

    /// <summary>The channels the router stored as opted out for the participant.</summary>
    public async Task<string[]> StoredAsync(string participantId) =>
        (await pipeline.Redis.GetDatabase().HashKeysAsync(pipeline.KeyPrefix + OptOutStore.KeyPrefix + participantId))
            .Select(channel => (string)channel!).Order().ToArray();

    public Task WaitStoredAsync(string participantId, params string[] channels) =>
        Infrastructure.Eventually.TrueAsync(async () => (await StoredAsync(participantId)).SequenceEqual(channels.Order()),
            $"the opt-outs of {participantId} to be [{string.Join(", ", channels)}]");

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
