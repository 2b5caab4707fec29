using System.Text.Json;

namespace Notifications.Admin.AdminApi;

/// <summary>The admin API under <c>/admin/email</c>, <c>/admin/channels</c> and <c>/admin/providers</c>, every endpoint behind <see cref="AdminApiKeyFilter"/>.</summary>
public static class AdminEndpoints
{
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/email").AddEndpointFilter<AdminApiKeyFilter>().RequireRateLimiting(Security.AdminRateLimiting.ApiPolicy);
        admin.MapTemplateEndpoints();
        admin.MapSettingsEndpoints();
        admin.MapTestEmailEndpoints();
        admin.MapDigestEndpoints();
        // Channel switches concern every service, not only email: their own path, behind the same key.
        app.MapChannelAdmin();
        app.MapProviderAdmin();
        app.MapSecretsAdmin();
        app.MapErasureAdmin();
        app.MapWebhookAdmin();
        return app;
    }

    /// <summary>
    /// Reads a JSON object body, or the 400 that says what to send instead: form posts and broken JSON get a clear
    /// answer rather than a 500 from inside the reader. The parser's message may quote the body (a secret), so only
    /// the position is named.
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadJsonObjectAsync(HttpRequest request, string example)
    {
        if (!request.HasJsonContentType())
            return (default, Invalid("body", $"Send JSON (Content-Type: application/json), such as {example}."));
        JsonElement body;
        try
        {
            body = await request.ReadFromJsonAsync<JsonElement>();
        }
        catch (JsonException failure)
        {
            return (default, Invalid("body", $"The request body is not valid JSON (at {RequestFields.FieldOf(failure.Path)})."));
        }
        catch (NotSupportedException)
        {
            // A charset the reader does not know: as unreadable as a body that is not JSON.
            return (default, Invalid("body", $"Send JSON in UTF-8 (Content-Type: application/json), such as {example}."));
        }
        return body.ValueKind == JsonValueKind.Object
            ? (body, null)
            : (default, Invalid("body", $"The request body must be an object such as {example}."));
    }

    /// <summary>A validation error naming the field at fault.</summary>
    public static IResult Invalid(string field, string error, string? mergeField = null) =>
        Results.Json(new { error, field, mergeField }, statusCode: StatusCodes.Status400BadRequest);
}
