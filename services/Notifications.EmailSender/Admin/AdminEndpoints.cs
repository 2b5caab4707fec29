namespace Notifications.EmailSender.Admin;

/// <summary>The email sender's admin API under <c>/admin/email</c>, <c>/admin/channels</c> and <c>/admin/providers</c>, every endpoint behind <see cref="AdminApiKeyFilter"/>.</summary>
public static class AdminEndpoints
{
    public static WebApplication MapEmailAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/email").AddEndpointFilter<AdminApiKeyFilter>();
        admin.MapTemplateEndpoints();
        admin.MapSettingsEndpoints();
        admin.MapTestEmailEndpoints();
        admin.MapDigestEndpoints();
        // Channel switches concern every service, not only email: their own path, behind the same key.
        app.MapChannelAdmin();
        app.MapProviderAdmin();
        return app;
    }

    /// <summary>A validation error naming the field at fault.</summary>
    public static IResult Invalid(string field, string error, string? mergeField = null) =>
        Results.Json(new { error, field, mergeField }, statusCode: StatusCodes.Status400BadRequest);
}
