using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

/// <summary>
/// The example clients in clients/, each run as its own process in its own language against the real broker and the
/// running services, as a platform would run them: each publishes a user, an agent with an email, the agent's
/// presence (offline) and the conversation's first message, assigned to that agent, and the agent is emailed.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ClientsTests(PipelineFixture pipeline)
{
    [Theory]
    [InlineData("node", "node", "publish.js")]
    [InlineData("python", ClientTools.Python, "publish.py")]
    [InlineData("php", "php", "publish.php")]
    public async Task BareJsonPublisher_OverAmqp_EmailsTheAssignedAgent(string language, string interpreter, string script)
    {
        await ClientTools.EnsureInstalledAsync();
        var id = RunId(language);

        var output = await ClientProcess.RunAsync(interpreter, [script, id], ClientTools.ClientsDirectory(language), AmqpEnvironment());

        Assert.Contains($"published run {id}", output);
        await AssertAgentEmailedAsync(id, $"Hello from {language} {id}");
    }

    [Fact]
    public async Task SignedCurlScript_ThroughTheHttpIngest_EmailsTheAssignedAgent()
    {
        await ClientTools.EnsureInstalledAsync();
        var id = RunId("curl");
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = pipeline.GatewayUrl.ToString(),
            ["INGEST_SIGNING_KEY"] = PipelineFixture.IngestSigningKey,
        };

        await ClientProcess.RunAsync("bash", ["ingest.sh", id], ClientTools.ClientsDirectory("curl"), environment);

        await AssertAgentEmailedAsync(id, $"Hello from curl {id}");
    }

    [Fact]
    public async Task SignedCurlScript_WithTheWrongKey_FailsNamingTheRefusal()
    {
        await ClientTools.EnsureInstalledAsync();
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = pipeline.GatewayUrl.ToString(),
            ["INGEST_SIGNING_KEY"] = "not-the-gateway-key",
        };

        await using var client = ClientProcess.Start("bash", ["ingest.sh", RunId("curl")], ClientTools.ClientsDirectory("curl"), environment);

        Assert.NotEqual(0, await client.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("answered 401", client.Output);
    }

    /// <summary>
    /// The way back: each consumer binds its own durable queue to the outcome exchanges and reads the envelope's
    /// message; it exits once it has read the NotificationDelivered of the message its language's publisher posted.
    /// </summary>
    [Theory]
    [InlineData("node", "node", "consume.js", "publish.js")]
    [InlineData("python", ClientTools.Python, "consume.py", "publish.py")]
    [InlineData("php", "php", "consume.php", "publish.php")]
    public async Task Consumer_ReceivesTheNotificationDelivered_ForTheMessageItsPublisherPosted(string language, string interpreter, string consume, string publish)
    {
        await ClientTools.EnsureInstalledAsync();
        var id = RunId(language);
        var directory = ClientTools.ClientsDirectory(language);
        var environment = new Dictionary<string, string>(AmqpEnvironment()) { ["UNTIL_DELIVERED"] = $"msg-{id}" };

        await using var consumer = ClientProcess.Start(interpreter, [consume, $"platform-outcomes-{id}"], directory, environment);
        // Only once its queue is bound is an outcome sure to reach it.
        await Eventually.TrueAsync(() => consumer.StandardOutput.Contains("consuming"), "the consumer's queue to be bound");
        await ClientProcess.RunAsync(interpreter, [publish, id], directory, AmqpEnvironment());

        Assert.Equal(0, await consumer.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var delivered = consumer.StandardOutput.Split('\n').Single(line => line.StartsWith("NotificationDelivered ") && line.Contains($"\"messageId\":\"msg-{id}\""));
        Assert.Contains($"\"recipientId\":\"agent-{id}\"", delivered);
        Assert.Contains("\"channel\":\"email\"", delivered);
    }

    private Dictionary<string, string> AmqpEnvironment() => new()
    {
        ["RABBITMQ_URL"] = pipeline.VirtualHost.AmqpUrl.ToString(),
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    private static string RunId(string language) => $"{language}-{Guid.NewGuid():N}"[..20];

    private async Task AssertAgentEmailedAsync(string id, string text)
    {
        var to = $"agent-{id}@helpdesk.example";
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(m => m.To.ToString().Contains(to) && (m.TextBody ?? "").Contains(text)),
            $"the email to {to} about \"{text}\"");
    }
}
