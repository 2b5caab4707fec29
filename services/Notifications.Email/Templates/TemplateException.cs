namespace Notifications.Email.Templates;

/// <summary>A template cannot be used as written (an unknown merge field, an empty subject).</summary>
public sealed class TemplateException(string message, string? mergeField = null, string? part = null) : Exception(message)
{
    /// <summary>The unknown merge field (without braces), when that is the problem.</summary>
    public string? MergeField { get; } = mergeField;

    /// <summary>The part of the template at fault: <c>subject</c>, <c>body</c> or <c>text body</c>.</summary>
    public string? Part { get; } = part;
}
