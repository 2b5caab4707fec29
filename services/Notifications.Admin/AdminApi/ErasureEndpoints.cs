using Notifications.Admin.Audit;
using Notifications.SharedState.Erasure;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>POST /admin/participants/{id}/erase</c>: erases a participant's personal data now (docs/security.md, "Erasing
/// a participant"), as <c>ParticipantRemoved { erase: true }</c> does through the router, and answers what was
/// removed, in counts. 404 when nothing was held about the id, which is also the answer to a second erase.
/// </summary>
public static class ErasureEndpoints
{
    public const int MaxIdLength = 200;

    public static WebApplication MapErasureAdmin(this WebApplication app)
    {
        var participants = app.MapGroup("/admin/participants").AddEndpointFilter<AdminApiKeyFilter>().RequireRateLimiting(Security.AdminRateLimiting.ApiPolicy);
        participants.MapPost("/{id}/erase", EraseAsync);
        return app;
    }

    private static async Task<IResult> EraseAsync(string id, ParticipantErasure erasure, AuditTrail audit, ILoggerFactory loggers)
    {
        if (IdProblem(id) is { } problem)
            return AdminEndpoints.Invalid("id", problem);
        var report = await erasure.EraseAsync(id);
        if (!report.Known)
            return Results.Json(new { error = "Nothing is held about this participant id: never known, or already erased.", field = "id" },
                statusCode: StatusCodes.Status404NotFound);
        // Neither the audit trail nor the log names the participant: they would keep what was just erased.
        var what = $"a participant: {report.KeysDeleted} keys deleted, {report.AddressesKept} address hashes kept, " +
            $"{report.TranscriptsDeleted} transcripts deleted, {report.TranscriptEntriesRemoved} transcript entries and " +
            $"{report.DeliveryLogEntriesRedacted} delivery-log entries redacted";
        await audit.RecordAsync(AuditTrail.ThroughApi, "participant erased", what);
        loggers.CreateLogger(typeof(ErasureEndpoints)).LogInformation("Participant erased through the admin API: {What}", what);
        return Results.Ok(new
        {
            erased = true,
            report.KeysDeleted,
            report.AddressesKept,
            report.TranscriptsDeleted,
            report.TranscriptEntriesRemoved,
            report.DeliveryLogEntriesRedacted,
        });
    }

    /// <summary>The router's rule for participant ids (docs/bad-input.md): the id is part of Redis keys.</summary>
    private static string? IdProblem(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
            return "id is required.";
        if (id.Length > MaxIdLength)
            return $"id is {id.Length} characters long; at most {MaxIdLength} are accepted.";
        if (id.Any(char.IsControl))
            return "id contains control characters.";
        if (id.Contains(':'))
            return "id contains ':', which no participant id can (it would break the Redis key layout).";
        return null;
    }
}
