using System.Text;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// <c>/console/templates</c>: the template editor. Preview renders with <see cref="TemplateRenderer"/> (what the
/// sender uses) and sample data, live while typing (<see cref="TemplatePreviewEndpoint"/>) or with the Preview
/// button when scripts are off; an unknown merge field is named before saving, and a save with one is refused
/// with the same message the admin API gives. Stored in the same <see cref="TemplateStore"/>.
/// </summary>
public static class TemplatesPage
{
    private sealed record Editor(TemplateKey Key, StoredTemplate Template, string Source);

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/templates", GetAsync);
        console.MapPost("/templates", PostAsync);
        TemplatePreviewEndpoint.Map(console);
    }

    private static async Task<IResult> GetAsync(HttpContext context, TemplateStore store,
        string? audience, string? kind, string? locale, string? saved)
    {
        if (!TemplateKey.TryParse(audience ?? TemplateKey.Agent, kind ?? "message", locale, out var key, out var error))
            return Render(context, DefaultEditor(), "key", error, null, null, StatusCodes.Status400BadRequest);
        var json = await store.GetStoredJsonAsync(key);
        var editor = json is null
            ? new Editor(key, StoredTemplate.From(DefaultTemplates.For(key.Audience, key.Kind)), "built-in")
            : new Editor(key, TemplateStore.ParseOrNull(json) ?? new StoredTemplate(), "stored");
        var message = saved switch { "1" => "Template saved.", "deleted" => "The stored template was deleted: the built-in one (or a less specific stored one) applies.", _ => null };
        // A stored template can stop being valid (edited in Redis, a field renamed): say so on opening it,
        // as the sender skips it and mails with the built-in one until it is fixed.
        if (json is not null && !TemplateStore.TryLoad(key, json, out _, out var problem))
            return Render(context, editor, null, $"This stored template is not used (a less specific stored one or the built-in one is): {problem}", message, null);
        return Render(context, editor, null, null, message, null);
    }

    private static async Task<IResult> PostAsync(HttpContext context, TemplateStore store, EmailSettingsStore settings)
    {
        var form = await context.Request.ReadFormAsync();
        var effective = await settings.GetEffectiveAsync();
        if (!TemplateKey.TryParse(form["audience"], form["kind"], form["locale"], out var key, out var keyError))
            return Render(context, DefaultEditor(), "key", keyError, null, null, StatusCodes.Status400BadRequest);

        var template = TemplateFrom(form);
        var editor = new Editor(key, template, "edited");
        var action = form["action"].ToString();

        if (action == "delete")
        {
            await store.DeleteAsync(key);
            return Results.Redirect(Address(key) + "&saved=deleted");
        }

        EmailTemplate validated;
        try
        {
            validated = template.ToTemplate(key);
        }
        catch (TemplateException invalid)
        {
            return Render(context, editor, FieldOf(invalid.Part), action == "save" ? "Not saved: " + invalid.Message : invalid.Message,
                null, null, StatusCodes.Status400BadRequest);
        }

        if (action == "save")
        {
            await store.SaveAsync(key, template);
            return Results.Redirect(Address(key) + "&saved=1");
        }
        var preview = TemplateRenderer.Render(validated, SampleMergeValues.For(key.Audience, key.Kind, effective.AdminBaseUrl));
        return Render(context, editor, null, null, null, preview);
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

    private static string Address(TemplateKey key) =>
        $"/console/templates?audience={key.Audience}&kind={TemplateKey.KindName(key.Kind)}&locale={Uri.EscapeDataString(key.Locale ?? "")}";

    private static string FieldOf(string? part) => part switch
    {
        "subject" => "subject",
        "text body" => "textBody",
        _ => "body",
    };

    private static Editor DefaultEditor()
    {
        var key = new TemplateKey(TemplateKey.Agent, TemplateKind.Message, null);
        return new Editor(key, StoredTemplate.From(DefaultTemplates.For(key.Audience, key.Kind)), "built-in");
    }

    private static IResult Render(HttpContext context, Editor editor, string? errorField, string? error,
        string? message, RenderedEmail? preview, int status = StatusCodes.Status200OK)
    {
        var key = editor.Key;
        var kindName = TemplateKey.KindName(key.Kind);
        string Option(string value, string current, string label) =>
            $"<option value=\"{E(value)}\"{(value == current ? " selected" : "")}>{E(label)}</option>";
        var fields = string.Concat(MergeFields.AllowedIn(key.Kind).Order(StringComparer.Ordinal).Select(field =>
            $"<button type=\"button\" data-merge-field=\"{{{E(field)}}}\" title=\"Insert at the cursor\">{{{E(field)}}}</button>"));

        var body = new StringBuilder();
        if (message is not null)
            body.Append($"<div class=\"ok\" id=\"template-message\" role=\"status\">{E(message)}</div>");
        if (error is not null)
            body.Append($"<div class=\"error\" id=\"template-error\" role=\"alert\">{E(error)}</div>");
        body.Append($"""
            <form class="card" method="get" action="/console/templates">
              <div class="grid">
                <div><label for="pick-audience">Audience</label><select id="pick-audience" name="audience">{Option("agent", key.Audience, "Agents")}{Option("user", key.Audience, "Users")}</select></div>
                <div><label for="pick-kind">Kind</label><select id="pick-kind" name="kind">{Option("message", kindName, "Per message")}{Option("digest", kindName, "Digest")}</select></div>
                <div><label for="pick-locale">Locale (empty = default)</label><input type="text" id="pick-locale" name="locale" value="{E(key.Locale)}" placeholder="fr, pt-BR">{FieldError("key", errorField, error)}</div>
              </div>
              <button type="submit" class="secondary" id="load-template">Open</button>
            </form>
            <form class="card" method="post" action="/console/templates" id="template-form">
              {Antiforgery(context)}
              <input type="hidden" name="audience" value="{E(key.Audience)}"><input type="hidden" name="kind" value="{E(kindName)}"><input type="hidden" name="locale" value="{E(key.Locale)}">
              <h2>{E(key.Name)} <span class="badge" id="template-source">{E(editor.Source)}</span></h2>
              <div class="fields" aria-label="Merge fields">Merge fields: {fields}</div>
              <label for="subject">Subject</label>
              <input type="text" id="subject" name="subject" data-merge-target value="{E(editor.Template.Subject)}">{FieldError("subject", errorField, error)}
              <label class="inline"><input type="checkbox" id="isHtml" name="isHtml"{(editor.Template.IsHtml ? " checked" : "")}> HTML body (merged values are escaped)</label>
              <label for="body">Body</label>
              <textarea id="body" name="body" data-merge-target rows="12">{E(editor.Template.Body)}</textarea>{FieldError("body", errorField, error)}
              <label for="textBody">Text version of an HTML body (optional; derived from the HTML when empty)</label>
              <textarea id="textBody" name="textBody" data-merge-target rows="5">{E(editor.Template.TextBody)}</textarea>{FieldError("textBody", errorField, error)}
              <div>
                <button type="submit" name="action" value="preview" class="secondary" id="preview">Preview</button>
                <button type="submit" name="action" value="save" id="save-template">Save</button>
                <button type="submit" name="action" value="delete" class="danger" id="delete-template">Delete stored template</button>
              </div>
            </form>
            """);
        // Always on the page, hidden until there is something to show, so the live preview script can fill it.
        body.Append($"""
            <div class="error" id="live-error" role="alert" hidden></div>
            <section id="preview-pane"{(preview is null ? " hidden" : "")}><h2>Preview with sample data</h2>
              <p><strong>Subject:</strong> <span id="preview-subject">{E(preview?.Subject)}</span></p>
              <iframe id="preview-html" title="HTML preview" sandbox srcdoc="{E(preview?.HtmlBody)}"{(preview?.HtmlBody is null ? " hidden" : "")}></iframe>
              <h2 style="margin-top:1rem">Text part</h2><pre id="preview-text">{E(preview?.TextBody)}</pre>
            </section>
            """);
        return Page(context, "Templates", body.ToString(), "templates", status);
    }
}
