namespace Notifications.Email.Templates;

/// <summary>Per-message emails tell about one chat message; digest emails carry the conversation since the last one.</summary>
public enum TemplateKind
{
    Message,
    Digest,
}
