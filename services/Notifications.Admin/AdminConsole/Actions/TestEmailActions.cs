using Notifications.Admin.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminApi;
using Notifications.Admin.AdminConsole.Pages;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>A test email that was sent (or not), to the address typed.</summary>
public sealed record TestEmailSent(string To, TestEmailResult Result);

/// <summary>
/// <c>POST /console/test-email</c>: sends a test email with the settings in effect (<see cref="SendTestEmail"/>, as
/// <c>POST /admin/email/test</c>) and shows the page again with the exact provider error: connection refused, TLS,
/// authentication, rejected recipient.
/// </summary>
public static class TestEmailActions
{
    public static void Map(RouteGroupBuilder console) => console.MapPost("/test-email", async (HttpContext context, SendTestEmail sender) =>
    {
        var form = await context.Request.ReadFormAsync();
        var to = form["to"].ToString();
        var result = await sender.SendAsync(to, context.RequestAborted);
        await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditTrail.ThroughConsole, "test email",
            TestSends.Describe(to, result.Ok ? "sent" : result.Failure));
        var status = result.Ok ? StatusCodes.Status200OK
            : result.Failure == SendTestEmail.InvalidAddress ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway;
        return new RazorComponentResult<TestEmailPage>(new Dictionary<string, object?> { [nameof(TestEmailPage.Sent)] = new TestEmailSent(to, result) })
        {
            StatusCode = status,
        };
    });
}
