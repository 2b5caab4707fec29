using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Scheduling;

/// <summary>Not ready until the ladder exists: a message that has to wait could not be sent before.</summary>
public sealed class DelayLadderHealthCheck(DelayLadderDeclaration declaration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(declaration.Ready.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The delay ladder is not declared yet (is the broker up?)"));
}
