using Notifications.Admin.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.Email.Settings;
using Notifications.Email.Templates;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>The template the editor holds, and where it came from: <c>built-in</c>, <c>stored</c> or <c>edited</c>.</summary>
public sealed record TemplateEditor(TemplateKey Key, StoredTemplate Template, string Source)
{
    public static TemplateEditor BuiltIn(TemplateKey key) => new(key, StoredTemplate.From(DefaultTemplates.For(key.Audience, key.Kind)), "built-in");

    /// <summary>What the editor opens when the address names no valid template.</summary>
    public static TemplateEditor Default() => BuiltIn(new TemplateKey(TemplateKey.Agent, TemplateKind.Message, null));
}

/// <summary>The editor shown again after a post: the field at fault and why, or the preview with sample data.</summary>
public sealed record TemplateOutcome(TemplateEditor Editor, string? ErrorField, string? Error, RenderedEmail? Preview);

/// <summary>
/// <c>POST /console/templates</c>: the editor's Preview, Save and Delete. Preview renders with <see cref="TemplateRenderer"/>
/// (what the sender uses) and sample data; a save with an unknown merge field is refused with the same message the
/// admin API gives. Stored in the same <see cref="TemplateStore"/>. The live preview is <see cref="TemplatePreviewEndpoint"/>.
/// </summary>
public static class TemplatesActions
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapPost("/templates", PostAsync);
        TemplatePreviewEndpoint.Map(console);
    }

    private static async Task<IResult> PostAsync(HttpContext context, TemplateStore store, EmailSettingsStore settings)
    {
        var form = await context.Request.ReadFormAsync();
        var effective = await settings.GetEffectiveAsync();
        if (!TemplateKey.TryParse(form["audience"], form["kind"], form["locale"], out var key, out var keyError))
            return Show(new(TemplateEditor.Default(), "key", keyError, null), StatusCodes.Status400BadRequest);

        var template = TemplateFrom(form);
        var editor = new TemplateEditor(key, template, "edited");
        var action = form["action"].ToString();

        if (action == "delete")
        {
            await store.DeleteAsync(key);
            await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditTrail.ThroughConsole, "template deleted", key.Name);
            return Results.Redirect(Address(key) + "&saved=deleted");
        }

        EmailTemplate validated;
        try
        {
            validated = template.ToTemplate(key);
        }
        catch (TemplateException invalid)
        {
            return Show(new(editor, FieldOf(invalid.Part), action == "save" ? "Not saved: " + invalid.Message : invalid.Message, null),
                StatusCodes.Status400BadRequest);
        }

        if (action == "save")
        {
            await store.SaveAsync(key, template);
            await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditTrail.ThroughConsole, "template saved", key.Name);
            return Results.Redirect(Address(key) + "&saved=1");
        }
        var preview = TemplateRenderer.Render(validated, SampleMergeValues.For(key.Audience, key.Kind, effective.AdminBaseUrl));
        return Show(new(editor, null, null, preview), StatusCodes.Status200OK);
    }

    /// <summary>The template as the editor form holds it (browsers send CRLF line ends).</summary>
    internal static StoredTemplate TemplateFrom(IFormCollection form)
    {
        var textBody = form["textBody"].ToString();
        return new StoredTemplate
        {
            Subject = form["subject"].ToString(),
            Body = form["body"].ToString().Replace("\r\n", "\n"),
            IsHtml = form.ContainsKey("isHtml"),
            TextBody = string.IsNullOrWhiteSpace(textBody) ? null : textBody.Replace("\r\n", "\n"),
        };
    }

    private static RazorComponentResult<TemplatesPage> Show(TemplateOutcome outcome, int status) =>
        new(new Dictionary<string, object?> { [nameof(TemplatesPage.Posted)] = outcome }) { StatusCode = status };

    private static string Address(TemplateKey key) =>
        $"/console/templates?audience={key.Audience}&kind={TemplateKey.KindName(key.Kind)}&locale={Uri.EscapeDataString(key.Locale ?? "")}";

    private static string FieldOf(string? part) => part switch
    {
        "subject" => "subject",
        "text body" => "textBody",
        _ => "body",
    };
}
