using Notifications.Admin.AdminApi;
using Notifications.Email.Settings;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// <c>/console/test-email</c>: sends a test email with the settings in effect (<see cref="SendTestEmail"/>, as
/// <c>POST /admin/email/test</c>) and shows the exact provider error: connection refused, TLS, authentication,
/// rejected recipient.
/// </summary>
public static class TestEmailPage
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/test-email", async (HttpContext context, EmailSettingsStore settings) =>
            Render(context, await Describe(settings), "", null));
        console.MapPost("/test-email", async (HttpContext context, EmailSettingsStore settings, SendTestEmail sender) =>
        {
            var form = await context.Request.ReadFormAsync();
            var to = form["to"].ToString();
            var result = await sender.SendAsync(to, context.RequestAborted);
            var status = result.Ok ? StatusCodes.Status200OK
                : result.Failure == SendTestEmail.InvalidAddress ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway;
            return Render(context, await Describe(settings), to, result, status);
        });
    }

    private static async Task<string> Describe(EmailSettingsStore settings)
    {
        var email = await settings.GetEffectiveAsync();
        return email.UsesSmtp
            ? $"SMTP {email.Smtp.Host}:{email.Smtp.Port} ({email.Smtp.Security}{(string.IsNullOrEmpty(email.Smtp.Username) ? ", no authentication" : ", user " + email.Smtp.Username)}), from {email.EffectiveFrom}"
            : $"the pickup directory {email.PickupDirectory} (no SMTP host is set)";
    }

    private static IResult Render(HttpContext context, string transport, string to, TestEmailResult? result, int status = StatusCodes.Status200OK)
    {
        var outcome = result switch
        {
            null => "",
            { Ok: true } => $"<div class=\"ok\" id=\"test-result\" role=\"status\">Sent: the server accepted the test email (via {E(result.Provider)}).</div>",
            { Failure: SendTestEmail.InvalidAddress } => "",
            _ => $"<div class=\"error\" id=\"test-result\" role=\"alert\"><strong>Failed: <span id=\"test-failure\">{E(result.Failure)}</span></strong><br><span id=\"test-error\">{E(result.Error)}</span></div>",
        };
        var addressError = result is { Failure: SendTestEmail.InvalidAddress } ? result.Error : null;
        var body = $"""
            {outcome}
            <form class="card" method="post" action="/console/test-email">
              {Antiforgery(context)}
              <p class="note">Sends now through <strong id="test-transport">{E(transport)}</strong> on a connection of its own, and shows what the server answered.</p>
              <label for="to">Send a test email to</label>
              <input type="email" id="to" name="to" value="{E(to)}" placeholder="you@example.com" required>{FieldError("to", addressError is null ? null : "to", addressError)}
              <button type="submit" id="send-test">Send test email</button>
            </form>
            """;
        return Page(context, "Test email", body, "test-email", status);
    }
}
