using Notifications.Admin.Audit;
namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>POST /admin/email/test</c> <c>{ "to": "..." }</c>: sends a test email now with the settings in effect and
/// answers 200, or 400 (bad address) / 502 (the server or network failed) with <c>failure</c> (dns,
/// connection-refused, tls, authentication, recipient-rejected, ...) and the exact error. Never a secret.
/// </summary>
public static class TestEmailEndpoints
{
    public sealed record TestEmailRequest(string? To);

    private static readonly RequestFields Fields = new RequestFields().Field("to");

    public static RouteGroupBuilder MapTestEmailEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/test", async (HttpRequest http, SendTestEmail sender, AuditTrail audit, CancellationToken cancellationToken) =>
        {
            var (body, error) = await AdminEndpoints.ReadJsonObjectAsync(http, "{\"to\": \"ops@example.com\"}");
            if (error is not null)
                return error;
            if (Fields.Refuse(body) is { } unknown)
                return unknown;
            var (request, wrongType) = RequestFields.Bind<TestEmailRequest>(body, Notifications.Email.Settings.EmailSettingsStore.Json);
            if (wrongType is not null)
                return wrongType;
            var result = await sender.SendAsync(request?.To, cancellationToken);
            await audit.RecordAsync(AuditTrail.ThroughApi, "test email", TestSends.Describe(request?.To, result.Ok ? "sent" : result.Failure));
            if (result.Ok)
                return Results.Ok(new { ok = true, provider = result.Provider });
            var status = result.Failure == SendTestEmail.InvalidAddress ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway;
            return Results.Json(new { ok = false, failure = result.Failure, error = result.Error, field = status == 400 ? "to" : null }, statusCode: status);
        });
        return admin;
    }
}
