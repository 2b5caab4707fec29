namespace Notifications.Email.Templates;

/// <summary>A template with its fields merged: a header-safe subject, a text body, and an HTML body for HTML templates.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string? HtmlBody);
