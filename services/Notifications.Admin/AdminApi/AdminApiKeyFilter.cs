using Notifications.Signing;
using System.Security.Cryptography;
using System.Text;
using Notifications.Admin.Audit;
using Notifications.Admin.Security;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// Every admin request needs <c>X-Api-Key</c> equal to <c>Admin:ApiKey</c> (compared in constant time). With no
/// key configured the admin API is closed: 503 saying what to set. The key is never logged or echoed.
/// </summary>
public sealed class AdminApiKeyFilter(IConfiguration configuration, SignInGuard guard, AuditTrail audit, ILogger<AdminApiKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    public const string ConfigurationKey = "Admin:ApiKey";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
            return Results.Json(new { error = $"The admin API is disabled: set {ConfigurationKey} (environment variable Admin__ApiKey) and send it in the {Header} header." },
                statusCode: StatusCodes.Status503ServiceUnavailable);

        var http = context.HttpContext;
        var given = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(given))
            return Unauthorized();
        // A wrong key is a guess at the same secret the console signs in with: counted and locked out alike.
        var address = http.Connection.RemoteIpAddress;
        if (await guard.LockedOutForAsync(address) is { } locked)
        {
            await audit.RecordAsync(AuditTrail.ThroughApi, "request refused", $"{http.Request.Method} {http.Request.Path}: locked out");
            return LockedOut(http, locked);
        }
        if (!Matches(given, expected))
        {
            logger.LogWarning("Admin API request with a wrong {Header} refused from {Address}", Header, SignInGuard.Name(address));
            var lockedNow = await guard.RecordFailureAsync(address, "the admin API");
            await audit.RecordAsync(AuditTrail.ThroughApi, "request refused",
                $"{http.Request.Method} {http.Request.Path}: wrong key{(lockedNow is null ? "" : "; address locked out")}");
            return lockedNow is { } lockout ? LockedOut(http, lockout) : Unauthorized();
        }

        return await next(context);
    }

    private static IResult Unauthorized() =>
        Results.Json(new { error = $"Missing or wrong {Header} header." }, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult LockedOut(HttpContext http, TimeSpan wait)
    {
        AdminRateLimiting.SetRetryAfter(http.Response, wait);
        return Results.Json(new { error = $"Too many wrong keys from your address: try again in {AdminRateLimiting.Seconds(wait)} s." },
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static bool Matches(string given, string expected) => SecretComparison.Matches(given, expected);
}
