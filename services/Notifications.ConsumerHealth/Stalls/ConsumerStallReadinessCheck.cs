using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.ConsumerHealth;

/// <summary>Not ready while any receive endpoint is stalled: the description names each queue, its ready count
/// and how long nothing completed.</summary>
public sealed class ConsumerStallReadinessCheck(ConsumerStallDetector detector) : IHealthCheck
{
    public const string Name = "consumer-stalls";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalls = detector.Stalls();
        return Task.FromResult(stalls.Count == 0
            ? HealthCheckResult.Healthy("No receive endpoint is stalled.")
            : HealthCheckResult.Unhealthy("Stalled: " + string.Join("; ", stalls.Select(stall => stall.Describe()))));
    }
}
