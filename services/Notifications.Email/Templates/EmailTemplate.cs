namespace Notifications.Email.Templates;

/// <summary>
/// One email template: subject and body, the body plain text or HTML. An HTML template may carry its own text
/// version; without one the text part is derived from the rendered HTML. Create templates through
/// <see cref="Create"/>, which rejects unknown merge fields when the template is saved or loaded rather than when
/// a notification is already being sent.
/// </summary>
public sealed record EmailTemplate
{
    private EmailTemplate(string name, string subject, string body, bool isHtml, string? textBody, TemplateKind kind)
    {
        Kind = kind;
        Name = name;
        Subject = subject;
        Body = body;
        IsHtml = isHtml;
        TextBody = textBody;
    }

    /// <summary>For messages: <c>agent</c>, <c>user</c>, ...</summary>
    public string Name { get; }

    /// <summary>Per-message or digest: a digest template may also use <c>{transcript}</c>.</summary>
    public TemplateKind Kind { get; }

    public string Subject { get; }

    public string Body { get; }

    public bool IsHtml { get; }

    /// <summary>Optional hand-written text part of an HTML template.</summary>
    public string? TextBody { get; }

    /// <exception cref="TemplateException">A part is empty or uses a merge field that does not exist.</exception>
    public static EmailTemplate Create(string name, string subject, string body, bool isHtml, string? textBody = null,
        TemplateKind kind = TemplateKind.Message)
    {
        if (string.IsNullOrWhiteSpace(subject))
            throw new TemplateException($"The {name} template has an empty subject.", part: "subject");
        if (string.IsNullOrWhiteSpace(body))
            throw new TemplateException($"The {name} template has an empty body.", part: "body");

        EnsureKnownFields(name, kind, "subject", subject);
        EnsureKnownFields(name, kind, "body", body);
        if (textBody is not null)
            EnsureKnownFields(name, kind, "text body", textBody);

        return new EmailTemplate(name, subject, body, isHtml, textBody, kind);
    }

    private static void EnsureKnownFields(string name, TemplateKind kind, string part, string text)
    {
        var allowed = MergeFields.AllowedIn(kind);
        foreach (var match in MergeFields.Candidate().EnumerateMatches(text))
        {
            var field = text.Substring(match.Index + 1, match.Length - 2);
            var trimmed = field.Trim();
            if (trimmed != field && allowed.Contains(trimmed))
                throw new TemplateException(
                    $"Unknown merge field {{{field}}} in the {part} of the {name} template: write it without spaces, as {{{trimmed}}}.",
                    field, part);
            if (MergeFields.OnlyKnownIn(field) is { } only && only != kind)
                throw new TemplateException(
                    $"Unknown merge field {{{field}}} in the {part} of the {name} template: {{{field}}} is only known in {TemplateKey.KindName(only)} templates.",
                    field, part);
            if (!allowed.Contains(field))
                throw new TemplateException(
                    $"Unknown merge field {{{field}}} in the {part} of the {name} template; known fields: " +
                    string.Join(", ", allowed.Select(known => "{" + known + "}")) + ".",
                    field, part);
        }
    }
}
