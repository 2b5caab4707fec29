using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.Admin.Audit;
using Notifications.Admin.Security;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>Why a sign-in was refused, and where it was going; <see cref="Error"/> is null when the console is disabled.</summary>
public sealed record SignInRefusal(string? ReturnUrl, string? Error);

/// <summary><c>POST /console/sign-in</c>: the admin API key, or the console password when one is configured.</summary>
public static class SignInActions
{
    public static void Map(RouteGroupBuilder open) => open.MapPost("/sign-in", PostAsync).RequireRateLimiting(AdminRateLimiting.SignInPolicy);

    private static async Task<IResult> PostAsync(HttpContext context, IConfiguration configuration, SignInGuard guard, AuditTrail audit, ILoggerFactory loggers)
    {
        if (!await ConsoleRegistration.IsValidPostAsync(context))
            return Refuse(null, "The form expired. Try again.", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        var secret = ConsoleRegistration.Secret(configuration);
        if (secret is null)
            return Refuse(returnUrl, null, StatusCodes.Status503ServiceUnavailable);

        var given = form["secret"].ToString();
        var logger = loggers.CreateLogger("Notifications.EmailSender.AdminConsole");
        var address = context.Connection.RemoteIpAddress;
        // Checked before the secret: a locked-out address learns nothing, not even from the right one.
        if (await guard.LockedOutForAsync(address) is { } locked)
        {
            await audit.RecordAsync(AuditTrail.ThroughConsole, "sign-in refused", "locked out");
            return LockedOut(context, returnUrl, locked);
        }
        if (given.Length == 0 || !ConsoleRegistration.Matches(given, secret))
        {
            logger.LogWarning("Console sign-in refused from {Address}", SignInGuard.Name(address));
            var lockedNow = await guard.RecordFailureAsync(address, "the console");
            await audit.RecordAsync(AuditTrail.ThroughConsole, "sign-in refused", lockedNow is null ? "wrong key or password" : "wrong key or password; address locked out");
            if (lockedNow is { } lockout)
                return LockedOut(context, returnUrl, lockout);
            return Refuse(returnUrl, "Wrong key or password.", StatusCodes.Status401Unauthorized);
        }

        await guard.RecordSuccessAsync(address);
        await context.SignInAsync(ConsoleRegistration.Scheme, ConsoleRegistration.Principal(secret));
        logger.LogInformation("Console sign-in from {Address}", SignInGuard.Name(address));
        await audit.RecordAsync(AuditTrail.ThroughConsole, "signed in", ConsoleRegistration.SignsInWithPassword(configuration) ? "with the console password" : "with the admin API key");
        return Results.Redirect(IsLocalConsoleUrl(returnUrl) ? returnUrl : "/console/settings");
    }

    private static IResult LockedOut(HttpContext context, string returnUrl, TimeSpan wait)
    {
        AdminRateLimiting.SetRetryAfter(context.Response, wait);
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return Refuse(returnUrl, $"Too many failed sign-ins from your address: try again in {minutes} minute{(minutes == 1 ? "" : "s")}.",
            StatusCodes.Status429TooManyRequests);
    }

    private static RazorComponentResult<SignInPage> Refuse(string? returnUrl, string? error, int status) =>
        new(new Dictionary<string, object?> { [nameof(SignInPage.Refused)] = new SignInRefusal(returnUrl, error) }) { StatusCode = status };

    /// <summary>Only a path inside the console: never an open redirect.</summary>
    private static bool IsLocalConsoleUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith("/console", StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal);
}
