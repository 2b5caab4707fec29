using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.ServiceDefaults;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Runs one of the real services in the test process, composed exactly as its Program.cs does.</summary>
public static class ServiceHost
{
    public static async Task<WebApplication> StartAsync(
        string applicationName,
        Func<WebApplicationBuilder, WebApplication> build,
        IReadOnlyDictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = applicationName,
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = build(builder);
        await app.StartAsync();
        await WaitUntilReadyAsync(app, applicationName);
        return app;
    }

    /// <summary>Stops and disposes services in the order given (those never started are skipped).</summary>
    /// <summary>A service that takes longer than this to stop is a defect: the test fails naming it rather than hang
    /// the whole run (the hosts' own shutdown timeouts are far below it).</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(90);

    public static async Task StopAllAsync(IEnumerable<WebApplication?> services)
    {
        foreach (var service in services)
        {
            if (service is null)
                continue;
            var stopping = Task.Run(async () =>
            {
                await service.StopAsync();
                await service.DisposeAsync();
            });
            if (await Task.WhenAny(stopping, Task.Delay(StopLimit)) != stopping)
                throw new TimeoutException($"{service.Environment.ApplicationName} did not stop within {StopLimit.TotalSeconds} s (left running).");
            await stopping;
        }
    }

    /// <summary>Waits for /health/ready's checks (bus connected, queues bound, Redis answering).</summary>
    private static async Task WaitUntilReadyAsync(WebApplication app, string name)
    {
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HealthReport report;
        do
        {
            report = await health.CheckHealthAsync(check => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag));
            if (report.Status == HealthStatus.Healthy)
                return;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{name} did not become ready in 60 s: " +
            string.Join("; ", report.Entries.Select(e => $"{e.Key}={e.Value.Status} {e.Value.Description}")));
    }
}
