namespace Notifications.EmailSender.Templates;

/// <summary>A template cannot be used as written (an unknown merge field, an empty subject).</summary>
public sealed class TemplateException(string message) : Exception(message);
