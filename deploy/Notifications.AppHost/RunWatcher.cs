using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Notifications.AppHost;

/// <summary>
/// Tells the truth about the run on the console: one ready line once every service's <c>/health/ready</c> answers;
/// when a service exits by itself, its name and exit code, and when the services are not all ready within
/// <c>AppHost:ReadySeconds</c> (180), which are not and why. Either way the whole run stops with exit code 1 instead
/// of going on without them.
/// </summary>
public sealed class RunWatcher(ResourceNotificationService notifications, RunSummary summary, IHostApplicationLifetime lifetime,
    IConfiguration configuration) : BackgroundService
{
    public const string ReadySecondsKey = "AppHost:ReadySeconds";

    private static readonly HashSet<string> Ended = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    private readonly Dictionary<string, string> lastSeen = [];
    private readonly HashSet<string> healthy = [];
    private bool announced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var readySeconds = configuration.GetValue(ReadySecondsKey, 180);
        _ = StopUnlessReadyAsync(TimeSpan.FromSeconds(readySeconds), stoppingToken);
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            var name = change.Resource.Name;
            if (!summary.Services.Contains(name))
                continue;
            var state = change.Snapshot.State?.Text;
            lock (lastSeen)
                lastSeen[name] = $"{state ?? "not started"}, {change.Snapshot.HealthStatus?.ToString() ?? "no health report yet"}";
            if (state is not null && Ended.Contains(state))
            {
                // Services exit when the run is stopped (Ctrl-C): that is no failure.
                if (lifetime.ApplicationStopping.IsCancellationRequested)
                    continue;
                var how = state == KnownResourceStates.FailedToStart ? "failed to start" : $"exited with code {change.Snapshot.ExitCode?.ToString() ?? "unknown"}";
                Stop($"Stopping the run: {name} {how} (its logs: {DashboardUrl()}).");
                return;
            }

            lock (lastSeen)
            {
                if (state == KnownResourceStates.Running && change.Snapshot.HealthStatus == HealthStatus.Healthy)
                    healthy.Add(name);
                else
                    healthy.Remove(name);
                if (announced || healthy.Count < summary.Services.Count)
                    continue;
                announced = true;
            }
            Console.Out.WriteLine(summary.ReadyLine(DashboardUrl()));
        }
    }

    private async Task StopUnlessReadyAsync(TimeSpan limit, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(limit, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        string waiting;
        lock (lastSeen)
        {
            if (announced)
                return;
            waiting = string.Join("; ", summary.Services.Where(s => !healthy.Contains(s)).Select(s => $"{s} ({lastSeen.GetValueOrDefault(s, "not started")})"));
        }
        Stop($"Not ready after {limit.TotalSeconds:0} s: {waiting}. Stopping the run (the logs: {DashboardUrl()}).");
    }

    private void Stop(string line)
    {
        Console.Error.WriteLine(line);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    private string DashboardUrl() =>
        (configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "(dashboard off)";
}
