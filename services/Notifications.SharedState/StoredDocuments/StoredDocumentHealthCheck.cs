using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// Not ready while a document the service sends with cannot be read; the reason names the document and its key.
/// Redis being away is the Redis check's to report, not this one's.
/// </summary>
public sealed class StoredDocumentHealthCheck(IStoredDocumentProbe store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync();
            return HealthCheckResult.Healthy();
        }
        catch (StoredDocumentUnreadableException unreadable)
        {
            return HealthCheckResult.Unhealthy(unreadable.Message);
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            return HealthCheckResult.Healthy("Redis does not answer; the redis check reports it.");
        }
    }
}
