using Microsoft.AspNetCore.Authentication;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary><c>/console/sign-in</c>: the admin API key, or the console password when one is configured.</summary>
public static class SignInPage
{
    public static void Map(RouteGroupBuilder open)
    {
        open.MapGet("/sign-in", (HttpContext context, IConfiguration configuration, string? returnUrl) =>
            Render(context, configuration, returnUrl, null));
        open.MapPost("/sign-in", PostAsync);
    }

    private static async Task<IResult> PostAsync(HttpContext context, IConfiguration configuration, ILoggerFactory loggers)
    {
        if (!await ConsoleRegistration.IsValidPostAsync(context))
            return Render(context, configuration, null, "The form expired. Try again.", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        var secret = ConsoleRegistration.Secret(configuration);
        if (secret is null)
            return Render(context, configuration, returnUrl, null, StatusCodes.Status503ServiceUnavailable);

        var given = form["secret"].ToString();
        var logger = loggers.CreateLogger("Notifications.EmailSender.AdminConsole");
        if (given.Length == 0 || !ConsoleRegistration.Matches(given, secret))
        {
            logger.LogWarning("Console sign-in refused from {Address}", context.Connection.RemoteIpAddress);
            // Slows down guessing; the key itself is long.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            return Render(context, configuration, returnUrl, "Wrong key or password.", StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(ConsoleRegistration.Scheme, ConsoleRegistration.Principal(secret));
        logger.LogInformation("Console sign-in from {Address}", context.Connection.RemoteIpAddress);
        return Results.Redirect(IsLocalConsoleUrl(returnUrl) ? returnUrl : "/console/settings");
    }

    /// <summary>Only a path inside the console: never an open redirect.</summary>
    private static bool IsLocalConsoleUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith("/console", StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal);

    private static IResult Render(HttpContext context, IConfiguration configuration, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var usesPassword = !string.IsNullOrEmpty(configuration[ConsoleRegistration.PasswordKey]);
        if (ConsoleRegistration.Secret(configuration) is null)
            return Page(context, "Sign in", """
                <div class="error" id="console-disabled">The console is disabled: set <code>Admin:ApiKey</code> (environment variable
                <code>Admin__ApiKey</code>) or <code>Admin:ConsolePassword</code> and restart the email sender.</div>
                """, null, StatusCodes.Status503ServiceUnavailable);
        var label = usesPassword ? "Console password (Admin:ConsolePassword)" : "Admin API key (Admin:ApiKey)";
        var body = $"""
            {(error is null ? "" : $"<div class=\"error\" id=\"sign-in-error\" role=\"alert\">{E(error)}</div>")}
            <form class="card" method="post" action="/console/sign-in">
              {Antiforgery(context)}
              <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
              <label for="secret">{E(label)}</label>
              <input type="password" id="secret" name="secret" autocomplete="current-password" required autofocus>
              <button type="submit" id="sign-in">Sign in</button>
            </form>
            """;
        return Page(context, "Sign in", body, null, status);
    }
}
