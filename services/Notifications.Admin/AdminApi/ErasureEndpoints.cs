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
        var report = await EraseAndRecordAsync(id, erasure, audit, loggers, AuditTrail.ThroughApi);
        if (!report.Known)
            return Results.Json(new { error = NothingHeld, field = "id" }, statusCode: StatusCodes.Status404NotFound);
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

    public const string NothingHeld = "Nothing is held about this participant id: never known, or already erased.";

    /// <summary>Erases, then records it in the audit trail and the log, naming counts only: they would keep what was just erased.</summary>
    public static async Task<ErasureReport> EraseAndRecordAsync(string id, ParticipantErasure erasure, AuditTrail audit, ILoggerFactory loggers, string via)
    {
        var report = await erasure.EraseAsync(id);
        if (!report.Known)
            return report;
        var what = Describe(report);
        await audit.RecordAsync(via, "participant erased", what);
        loggers.CreateLogger(typeof(ErasureEndpoints)).LogInformation("Participant erased through {Via}: {What}", via, what);
        return report;
    }

    public static string Describe(ErasureReport report) =>
        $"a participant: {report.KeysDeleted} keys deleted, {report.AddressesKept} address hashes kept, " +
        $"{report.TranscriptsDeleted} transcripts deleted, {report.TranscriptEntriesRemoved} transcript entries and " +
        $"{report.DeliveryLogEntriesRedacted} delivery-log entries redacted";

    /// <summary>The router's rule for participant ids (docs/bad-input.md): the id is part of Redis keys.</summary>
    public static string? IdProblem(string id)
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
