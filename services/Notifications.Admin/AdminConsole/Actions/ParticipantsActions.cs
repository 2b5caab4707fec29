using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminApi;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.Admin.Audit;
using Notifications.SharedState.Erasure;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>An erase asked for on the console: the id typed, and either why it was refused or what was removed.</summary>
public sealed record ParticipantErased(string Id, string? Problem, ErasureReport? Report);

/// <summary>
/// <c>POST /console/participants/erase</c>: erases a participant's personal data through the same code, audit line and
/// log line as <c>POST /admin/participants/{id}/erase</c>, and shows the page again with the counts. The box "I understand
/// this cannot be undone" must be ticked: an erase is never one stray click.
/// </summary>
public static class ParticipantsActions
{
    public const string ErasePath = "/participants/erase";

    public const string EraseFormAction = "/console" + ErasePath;

    public static void Map(RouteGroupBuilder console) => console.MapPost(ErasePath, async (HttpContext context, ParticipantErasure erasure,
        AuditTrail audit, ILoggerFactory loggers) =>
    {
        var form = await context.Request.ReadFormAsync();
        var id = form["participant"].ToString().Trim();
        var problem = ErasureEndpoints.IdProblem(id)
            ?? (form["confirm"] != "yes" ? "Tick \"I understand this cannot be undone\" to erase." : null);
        ParticipantErased erased = problem is null
            ? new(id, null, await ErasureEndpoints.EraseAndRecordAsync(id, erasure, audit, loggers, AuditTrail.ThroughConsole))
            : new(id, problem, null);
        var status = problem is not null ? StatusCodes.Status400BadRequest
            : erased.Report!.Known ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        return new RazorComponentResult<ParticipantsPage>(new Dictionary<string, object?> { [nameof(ParticipantsPage.Erased)] = erased })
        {
            StatusCode = status,
        };
    });
}
