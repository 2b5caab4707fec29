using System.Text.Json;
using Notifications.Admin.Audit;
using Notifications.Email.Settings;
using Notifications.Email.Templates;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>GET/PUT/DELETE /admin/email/templates/{audience}/{kind}/{locale?}</c>: audience <c>agent</c>|<c>user</c>,
/// kind <c>message</c>|<c>digest</c>, locale optional (none = the default template). GET shows what is stored
/// for exactly that key, else the built-in template (<c>source</c> says which).
/// </summary>
public static class TemplateEndpoints
{
    /// <summary>What a PUT may carry; what only a GET shows (<c>source</c>, <c>valid</c>, <c>updatedAt</c>, ...) is ignored.</summary>
    private static readonly RequestFields Fields = new RequestFields()
        .Field("subject", "body", "isHtml", "textBody")
        .ReadOnly("audience", "kind", "locale", "source", "valid", "error", "updatedAt");

    public static RouteGroupBuilder MapTemplateEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/templates/{audience}/{kind}/{locale?}", GetAsync);
        admin.MapPut("/templates/{audience}/{kind}/{locale?}", PutAsync);
        admin.MapDelete("/templates/{audience}/{kind}/{locale?}", DeleteAsync);
        return admin;
    }

    private static async Task<IResult> GetAsync(string audience, string kind, string? locale, TemplateStore store)
    {
        if (!TemplateKey.TryParse(audience, kind, locale, out var key, out var error))
            return AdminEndpoints.Invalid(FieldOf(error!), error!);
        var json = await store.GetStoredJsonAsync(key);
        if (json is null)
            return Results.Ok(Describe(key, StoredTemplate.From(DefaultTemplates.For(key.Audience, key.Kind)), "built-in", valid: true, error: null));
        var valid = TemplateStore.TryLoad(key, json, out _, out var problem);
        // A stored value that no longer parses is shown as invalid with the reason, never as a server error.
        var stored = TemplateStore.ParseOrNull(json) ?? new StoredTemplate();
        return Results.Ok(Describe(key, stored, "stored", valid, valid ? null : problem));
    }

    private static async Task<IResult> PutAsync(string audience, string kind, string? locale, HttpRequest request, TemplateStore store, AuditTrail audit)
    {
        if (!TemplateKey.TryParse(audience, kind, locale, out var key, out var keyError))
            return AdminEndpoints.Invalid(FieldOf(keyError!), keyError!);
        var (body, error) = await AdminEndpoints.ReadJsonObjectAsync(request, "{\"subject\": \"…\", \"body\": \"…\", \"isHtml\": false}");
        if (error is not null)
            return error;
        if (Fields.Refuse(body) is { } unknown)
            return unknown;
        var (template, wrongType) = RequestFields.Bind<StoredTemplate>(body, EmailSettingsStore.Json);
        if (wrongType is not null)
            return wrongType;
        try
        {
            await store.SaveAsync(key, template!);
            await audit.RecordAsync(AuditTrail.ThroughApi, "template saved", key.Name);
        }
        catch (TemplateException invalid)
        {
            return AdminEndpoints.Invalid(JsonFieldOf(invalid.Part), invalid.Message, invalid.MergeField);
        }
        return Results.Ok(Describe(key, template!, "stored", valid: true, error: null));
    }

    private static async Task<IResult> DeleteAsync(string audience, string kind, string? locale, TemplateStore store, AuditTrail audit)
    {
        if (!TemplateKey.TryParse(audience, kind, locale, out var key, out var error))
            return AdminEndpoints.Invalid(FieldOf(error!), error!);
        if (!await store.DeleteAsync(key))
            return Results.NotFound(new { error = $"No {key.Name} template is stored." });
        await audit.RecordAsync(AuditTrail.ThroughApi, "template deleted", key.Name);
        return Results.NoContent();
    }

    private static object Describe(TemplateKey key, StoredTemplate template, string source, bool valid, string? error) => new
    {
        audience = key.Audience,
        kind = TemplateKey.KindName(key.Kind),
        locale = key.Locale,
        source,
        valid,
        error,
        subject = template.Subject,
        body = template.Body,
        isHtml = template.IsHtml,
        textBody = template.TextBody,
        updatedAt = template.UpdatedAt,
    };

    private static string FieldOf(string error) => error.Split(' ')[0];

    private static string JsonFieldOf(string? part) => part switch
    {
        "subject" => "subject",
        "text body" => "textBody",
        _ => "body",
    };
}
