using Notifications.Admin.AdminApi;
using Notifications.Admin.Audit;
using Notifications.Admin.Webhooks;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary><c>POST /console/webhooks/replay</c>: one dead letter back to the webhook sender, as the admin API's replay does.</summary>
public static class WebhooksActions
{
    public const string FormAction = "/console/webhooks/replay";

    public static void Map(RouteGroupBuilder console) => console.MapPost("/webhooks/replay", async (HttpContext context, WebhookReplay replay, AuditTrail audit) =>
    {
        var form = await context.Request.ReadFormAsync();
        var (outcome, letter) = await replay.ReplayAsync(form["id"].ToString(), context.RequestAborted);
        if (outcome == ReplayOutcome.Replayed)
            await audit.RecordAsync(AuditTrail.ThroughConsole, "webhook replayed", WebhookEndpoints.Describe(letter!));
        return Results.Redirect("/console/webhooks?replay=" + outcome.ToString().ToLowerInvariant());
    });
}
