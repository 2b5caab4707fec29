using Notifications.Admin.Audit;
using Notifications.Admin.Webhooks;
using Notifications.SharedState.Webhooks;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>GET /admin/webhooks/dead-letters</c>: the webhooks the platform refused or that ran out of attempts, newest
/// first. <c>POST /admin/webhooks/dead-letters/{id}/replay</c>: one of them back to the webhook sender, and off the list.
/// </summary>
public static class WebhookEndpoints
{
    public const int MaxListed = 200;

    public static WebApplication MapWebhookAdmin(this WebApplication app)
    {
        var webhooks = app.MapGroup("/admin/webhooks").AddEndpointFilter<AdminApiKeyFilter>().RequireRateLimiting(Security.AdminRateLimiting.ApiPolicy);
        webhooks.MapGet("/dead-letters", async (WebhookDeadLetterStore store) =>
            Results.Ok(new { deadLetters = await store.ReadAsync(MaxListed), kept = WebhookDeadLetterStore.MaxEntries }));
        webhooks.MapPost("/dead-letters/{id}/replay", ReplayAsync);
        return app;
    }

    private static async Task<IResult> ReplayAsync(string id, WebhookReplay replay, AuditTrail audit, HttpContext http)
    {
        if (!WebhookDeadLetterStore.IsEntryId(id))
            return AdminEndpoints.Invalid("id", "id is a dead letter's id as listed, such as 1767225600000-0.");
        var (outcome, letter) = await replay.ReplayAsync(id, http.RequestAborted);
        switch (outcome)
        {
            case ReplayOutcome.NotFound:
                return Results.Json(new { error = "No such dead letter: replayed already, or dropped as the list is capped.", field = "id" },
                    statusCode: StatusCodes.Status404NotFound);
            case ReplayOutcome.Unreadable:
                return Results.Json(new { error = $"The stored body does not read as a {letter!.EventType} event: it cannot be replayed.", field = "id" },
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            default:
                await audit.RecordAsync(AuditTrail.ThroughApi, "webhook replayed", Describe(letter!));
                return Results.Accepted(value: new { replayed = id, letter!.EventType, letter.EventId });
        }
    }

    public static string Describe(WebhookDeadLetter letter) => $"{letter.EventType} {letter.EventId} to {letter.UrlHost}";
}
