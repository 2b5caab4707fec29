using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Running;

/// <summary>
/// `make run`: the Aspire AppHost starts every service against the local RabbitMQ and Redis (no Docker engine here),
/// prints one ready line once all are healthy, its dashboard answers and receives each service's telemetry, a chat
/// message becomes an email in the pickup folder, and a service killed stops the run, named with its exit code.
/// </summary>
[Collection(RunningCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AppHostTests : IAsyncLifetime
{
    private const string Agent = "agent-aspire";
    private const string User = "user-aspire";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly string records = Directory.CreateTempSubdirectory("run-apphost-").FullName;

    public Task InitializeAsync() => infrastructure.StartAsync();

    public async Task DisposeAsync()
    {
        await infrastructure.DisposeAsync([]);
        Directory.Delete(records, recursive: true);
    }

    [Fact]
    public async Task StartsEveryService_WithItsDashboard_DeliversAnEmail_AndStopsNamingAServiceThatDied()
    {
        Assert.Empty(RunLayout.ServiceProcesses());
        var dashboard = $"http://127.0.0.1:{RunLayout.FreePort()}";
        var environment = RunLayout.Environment(infrastructure, records);
        environment["ASPNETCORE_URLS"] = dashboard;
        environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{RunLayout.FreePort()}";
        environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{RunLayout.FreePort()}";
        environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["AppHost__Infrastructure"] = "local";
        environment["AppHost__ReadySeconds"] = "300";
        var appHost = Path.Combine(RunLayout.Root, "deploy", "Notifications.AppHost", "bin", RunLayout.Configuration, "net10.0", "Notifications.AppHost.dll");
        Assert.True(File.Exists(appHost), $"missing {appHost}: build Notifications.sln first");
        await using var run = RunProcess.Start("dotnet", [appHost], environment);

        var ready = await run.WaitForLineAsync(l => l.StartsWith("Ready:"), "ready line", TimeSpan.FromSeconds(360));
        Assert.Contains($"Dashboard {dashboard}", ready);
        Assert.Contains("/console", ready);
        Assert.Contains("/events/{EventName}", ready);

        using var http = new HttpClient { BaseAddress = new Uri(dashboard), Timeout = TimeSpan.FromSeconds(10) };
        Assert.True((await http.GetAsync("/")).IsSuccessStatusCode, "the dashboard does not answer");
        foreach (var (name, port) in RunLayout.Ports())
            Assert.True((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode, $"{name} is not ready after the ready line");
        await Eventually.TrueAsync(async () =>
        {
            var reporting = await ResourcesWithTelemetryAsync(http);
            return RunLayout.Projects().Keys.All(reporting.Contains);
        }, "every service's telemetry in the dashboard", TimeSpan.FromSeconds(120));

        await ChatMessageBecomesAnEmailAsync();

        var router = Assert.Single(RunLayout.ServiceProcesses(), p => p.Value.Contains("/Notifications.Router/bin/") && !p.Value.Contains(" run "));
        Process.GetProcessById(router.Key).Kill();
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{run.Transcript}");
        var stopped = Assert.Single(run.Output, l => l.StartsWith("Stopping the run:"));
        Assert.True(stopped.Contains("Stopping the run: router exited with code 137"), stopped);
        await Eventually.TrueAsync(() => RunLayout.ServiceProcesses().Count == 0, "the orchestrator to stop the other services", TimeSpan.FromSeconds(60));
    }

    /// <summary>The names of the dashboard's resources that sent logs, traces or metrics over OTLP.</summary>
    private static async Task<HashSet<string>> ResourcesWithTelemetryAsync(HttpClient dashboard)
    {
        var resources = await dashboard.GetFromJsonAsync<JsonElement>("/api/telemetry/resources");
        return resources.EnumerateArray()
            .Where(r => new[] { "hasLogs", "hasTraces", "hasMetrics" }.Any(p => r.TryGetProperty(p, out var v) && v.GetBoolean()))
            .Select(r => r.GetProperty("name").GetString()!)
            .ToHashSet();
    }

    /// <summary>A-row A2: the first message of a conversation assigned to an offline agent emails that agent.</summary>
    private async Task ChatMessageBecomesAnEmailAsync()
    {
        var platform = await infrastructure.StartPlatformBusAsync();
        await platform.Publish(new ParticipantUpserted
        {
            ParticipantId = Agent, Role = ParticipantRoles.Agent, Name = "Aspire Agent", Email = $"{Agent}@helpdesk.test",
        });
        await platform.Publish(new ParticipantUpserted
        {
            ParticipantId = User, Role = ParticipantRoles.User, Name = "Ada Lovelace", Email = $"{User}@helpdesk.test",
        });
        var db = infrastructure.Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
            await db.KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + Agent) && await db.KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + User),
            "participants to reach the directory", TimeSpan.FromSeconds(60));

        var message = HelpDesk.Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, AssignedAgentId = Agent }, first: true);
        await platform.Publish(message);

        var pickup = Path.Combine(records, "mail-pickup");
        var id = message.MessageId["msg-".Length..];
        await Eventually.TrueAsync(() => Directory.Exists(pickup) && Directory.EnumerateFiles(pickup, "*.eml")
                .Select(file => MimeMessage.Load(file))
                .Any(email => email.To.Mailboxes.Any(m => m.Address == $"{Agent}@helpdesk.test") && (email.TextBody ?? "").Contains(id)),
            $"an email to {Agent} about {message.MessageId} in {pickup}", TimeSpan.FromSeconds(90));
    }
}
