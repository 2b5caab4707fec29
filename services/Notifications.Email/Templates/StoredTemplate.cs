namespace Notifications.Email.Templates;

/// <summary>A template as the admin API takes it and as it is stored in Redis (JSON).</summary>
public sealed record StoredTemplate
{
    public string? Subject { get; init; }
    public string? Body { get; init; }
    public bool IsHtml { get; init; }

    /// <summary>Optional hand-written text part of an HTML template.</summary>
    public string? TextBody { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <exception cref="TemplateException">The template is not usable; the message names the part or merge field.</exception>
    public EmailTemplate ToTemplate(TemplateKey key) =>
        EmailTemplate.Create(key.Name, Subject ?? "", Body ?? "", IsHtml, TextBody, key.Kind);

    public static StoredTemplate From(EmailTemplate template) => new()
    {
        Subject = template.Subject,
        Body = template.Body,
        IsHtml = template.IsHtml,
        TextBody = template.TextBody,
    };
}
