using Notifications.Email.Settings;
using Notifications.Email.Templates;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>
/// <c>POST /console/templates/preview</c>: the editor form rendered with sample data, as JSON, for the live
/// preview. Inside the console group, so it needs the session cookie and the form's anti-forgery token like any
/// other console action; it only renders and never stores anything.
/// </summary>
public static class TemplatePreviewEndpoint
{
    public static void Map(RouteGroupBuilder console) => console.MapPost("/templates/preview", PreviewAsync);

    private static async Task<IResult> PreviewAsync(HttpContext context, EmailSettingsStore settings)
    {
        var form = await context.Request.ReadFormAsync();
        context.Response.Headers.CacheControl = "no-store";
        if (!TemplateKey.TryParse(form["audience"], form["kind"], form["locale"], out var key, out var keyError))
            return Results.Json(new { ok = false, error = keyError, field = "key" });
        try
        {
            var template = TemplatesActions.TemplateFrom(form).ToTemplate(key);
            var effective = await settings.GetEffectiveAsync();
            var preview = TemplateRenderer.Render(template, SampleMergeValues.For(key.Audience, key.Kind, effective.AdminBaseUrl));
            return Results.Json(new { ok = true, subject = preview.Subject, html = preview.HtmlBody, text = preview.TextBody });
        }
        catch (TemplateException invalid)
        {
            return Results.Json(new { ok = false, error = invalid.Message, field = invalid.Part });
        }
    }
}
