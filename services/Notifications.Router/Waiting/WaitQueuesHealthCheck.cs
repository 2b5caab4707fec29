using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Router.Waiting;

/// <summary>Not ready until the wait queues exist: a message that has to wait could not be routed before.</summary>
public sealed class WaitQueuesHealthCheck(WaitQueues waitQueues) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(waitQueues.Ready.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The wait queues are not declared yet (is the broker up?)"));
}
