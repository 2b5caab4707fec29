using RabbitMQ.Client;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

/// <summary>
/// Why the clients publish with the mandatory flag: on a broker where the event exchanges exist but no queue is
/// bound (the system's topology never declared), the broker confirms and drops an event; each client is told it was
/// returned instead, and fails saying what to run, rather than reporting success for events nobody will read.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClientsUnroutableTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        await using var connection = await new ConnectionFactory { Uri = infrastructure.VirtualHost.AmqpUrl }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var type in new[] { "ParticipantUpserted", "PresenceChanged", "MessagePosted" })
            await channel.ExchangeDeclareAsync($"Notifications.Contracts:{type}", ExchangeType.Fanout, durable: true);
    }

    [Theory]
    [InlineData("node", "node", "publish.js")]
    [InlineData("python", ClientTools.Python, "publish.py")]
    [InlineData("php", "php", "publish.php")]
    public async Task Publisher_WhenNoQueueTakesTheEvents_FailsSayingToDeclareTheTopology(string language, string interpreter, string script)
    {
        await ClientTools.EnsureInstalledAsync();
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = infrastructure.VirtualHost.AmqpUrl.ToString(),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };

        await using var client = ClientProcess.Start(interpreter, [script, $"unroutable-{language}"], ClientTools.ClientsDirectory(language), environment);

        Assert.NotEqual(0, await client.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("no queue took", client.Output);
        Assert.Contains("--declare-topology", client.Output);
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync([]);
}
