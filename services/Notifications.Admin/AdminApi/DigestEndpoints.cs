using Notifications.Admin.Audit;
using Notifications.Email.Digest;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>POST /admin/email/digest/flush</c>: sends the queued digests now (for an external cron or a Kubernetes
/// CronJob). Safe to call concurrently with the schedule or itself: claims never overlap.
/// </summary>
public static class DigestEndpoints
{
    public static RouteGroupBuilder MapDigestEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/digest/flush", async (DigestFlusher flusher, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            var flushed = await flusher.FlushAsync(cancellationToken);
            await audit.RecordAsync(AuditTrail.ThroughApi, "digests flushed", "the queued digests, sent now");
            return Results.Ok(flushed);
        });
        return admin;
    }
}
