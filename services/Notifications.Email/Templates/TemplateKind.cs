namespace Notifications.Email.Templates;

/// <summary>
/// Per-message emails tell about one chat message; grouped emails about every message of one delay window (same
/// recipient and conversation); digest emails carry the conversation since the last one.
/// </summary>
public enum TemplateKind
{
    Message,
    Digest,
    Grouped,
}
