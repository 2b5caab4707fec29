using System.Diagnostics;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Running;

/// <summary>
/// `make run-plain` (deploy/local/run-services.sh) tells the truth: its one ready line comes once every service's
/// /health/ready answers, and a service killed afterwards stops the whole run, named with its exit code.
/// </summary>
[Collection(RunningCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PlainRunnerTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly string records = Directory.CreateTempSubdirectory("run-plain-").FullName;

    public Task InitializeAsync() => infrastructure.StartAsync();

    public async Task DisposeAsync()
    {
        await infrastructure.DisposeAsync([]);
        Directory.Delete(records, recursive: true);
    }

    [Fact]
    public async Task PrintsOneReadyLineOnceEveryServiceIsReady_ThenStopsNamingAServiceThatDied()
    {
        Assert.Empty(RunLayout.ServiceProcesses());
        var environment = RunLayout.Environment(infrastructure, records);
        environment["RUN_READY_SECONDS"] = "300";
        await using var run = RunProcess.Start("bash", [Path.Combine(RunLayout.Root, "deploy", "local", "run-services.sh")], environment);

        var ready = await run.WaitForLineAsync(l => l.StartsWith("Ready:"), "ready line", TimeSpan.FromSeconds(360));
        var ports = RunLayout.Ports();
        Assert.Contains($"http://127.0.0.1:{ports["admin"]}/console", ready);
        Assert.Contains($"http://127.0.0.1:{ports["gateway"]}/events/", ready);
        Assert.Contains("RabbitMQ UI http://127.0.0.1:15672/", ready);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            foreach (var (name, port) in ports)
            {
                var health = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
                Assert.True(health.IsSuccessStatusCode, $"{name} answered {(int)health.StatusCode} after the ready line");
            }
        }
        Assert.All(RunLayout.Projects().Keys, name => Assert.True(File.Exists(Path.Combine(RunLayout.Root, "var", "log", "run", $"{name}.log"))));

        var sms = Assert.Single(run.Descendants(), p => p.Value.Contains("Notifications.SmsSender.dll"));
        Process.GetProcessById(sms.Key).Kill();

        var exitCode = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{run.Transcript}");
        Assert.Contains(run.Output, l => l.Contains("stopping the run: sms-sender exited with code 137"));
        Assert.Single(run.Output, l => l.StartsWith("Ready:"));
        Assert.Empty(RunLayout.ServiceProcesses());
    }
}
