using System.Security.Cryptography;
using System.Text;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// Every admin request needs <c>X-Api-Key</c> equal to <c>Admin:ApiKey</c> (compared in constant time). With no
/// key configured the admin API is closed: 503 saying what to set. The key is never logged or echoed.
/// </summary>
public sealed class AdminApiKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    public const string ConfigurationKey = "Admin:ApiKey";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
            return Results.Json(new { error = $"The admin API is disabled: set {ConfigurationKey} (environment variable Admin__ApiKey) and send it in the {Header} header." },
                statusCode: StatusCodes.Status503ServiceUnavailable);

        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(given) || !Matches(given, expected))
            return Results.Json(new { error = $"Missing or wrong {Header} header." }, statusCode: StatusCodes.Status401Unauthorized);

        return await next(context);
    }

    /// <summary>Hashing first gives equal lengths, so the comparison time says nothing about the key.</summary>
    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
