using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Notifications.ConsumerHealth;

/// <summary>Not live once a stall has lasted <see cref="StallOptions.StallLiveSeconds"/>: the in-process restart
/// (if any) did not help, and only a new process will.</summary>
public sealed class ConsumerStallLivenessCheck(ConsumerStallDetector detector, IOptions<StallOptions> options) : IHealthCheck
{
    public const string Name = "consumer-stalls-live";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lasting = detector.Stalls().Where(stall => stall.PastLiveness).ToList();
        return Task.FromResult(lasting.Count == 0
            ? HealthCheckResult.Healthy($"No receive endpoint stalled for {options.Value.StallLiveSeconds} s.")
            : HealthCheckResult.Unhealthy("Stalled past liveness: " + string.Join("; ", lasting.Select(stall => stall.Describe()))));
    }
}
