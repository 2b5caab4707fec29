namespace Notifications.Email.Templates;

/// <summary>
/// The built-in per-message, grouped and digest templates. HTML bodies are written without line breaks of their own because the
/// template's new lines become <c>&lt;br&gt;</c>; each carries a hand-written text version. Every subject is the same for
/// all emails of one conversation (per audience), whatever the sender or count: Gmail threads only emails with equal
/// subjects, so a subject with a varying merge field (<c>{sender_name}</c>, <c>{message_count}</c>) splits the thread.
/// </summary>
public static class DefaultTemplates
{
    public static EmailTemplate AgentMessage { get; } = EmailTemplate.Create(
        name: "agent",
        subject: "New messages in conversation {conversation_id}",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p><strong>{sender_name}</strong> wrote in conversation {conversation_id}:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{message}</blockquote>" +
            "{attachments}" +
            "<p><a href=\"{conversation_link}\">{conversation_link}</a></p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            {sender_name} wrote in conversation {conversation_id}:

            {message}

            {attachments}

            {conversation_link}
            """);

    public static EmailTemplate UserMessage { get; } = EmailTemplate.Create(
        name: "user",
        subject: "New replies in your conversation",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p><strong>{sender_name}</strong> replied to your conversation:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{message}</blockquote>" +
            "{attachments}" +
            "<p>Open the chat on our website to answer.</p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            {sender_name} replied to your conversation:

            {message}

            {attachments}

            Open the chat on our website to answer.
            """);

    public static EmailTemplate AgentDigest { get; } = EmailTemplate.Create(
        name: "agent/digest",
        subject: "New messages in conversation {conversation_id}",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p>New messages in conversation {conversation_id}:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{transcript}</blockquote>" +
            "<p><a href=\"{conversation_link}\">{conversation_link}</a></p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            New messages in conversation {conversation_id}:

            {transcript}

            {conversation_link}
            """,
        kind: TemplateKind.Digest);

    public static EmailTemplate UserDigest { get; } = EmailTemplate.Create(
        name: "user/digest",
        subject: "New replies in your conversation",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p>Here is what was said in your conversation since we last wrote:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{transcript}</blockquote>" +
            "<p>Open the chat on our website to answer.</p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            Here is what was said in your conversation since we last wrote:

            {transcript}

            Open the chat on our website to answer.
            """,
        kind: TemplateKind.Digest);

    public static EmailTemplate AgentGrouped { get; } = EmailTemplate.Create(
        name: "agent/grouped",
        subject: "New messages in conversation {conversation_id}",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p>{message_count} new messages in conversation {conversation_id}:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{messages}</blockquote>" +
            "<p><a href=\"{conversation_link}\">{conversation_link}</a></p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            {message_count} new messages in conversation {conversation_id}:

            {messages}

            {conversation_link}
            """,
        kind: TemplateKind.Grouped);

    public static EmailTemplate UserGrouped { get; } = EmailTemplate.Create(
        name: "user/grouped",
        subject: "New replies in your conversation",
        body:
            "<p>Hi {recipient_name},</p>" +
            "<p>{message_count} new messages in your conversation:</p>" +
            "<blockquote style=\"margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc\">{messages}</blockquote>" +
            "<p>Open the chat on our website to answer.</p>",
        isHtml: true,
        textBody: """
            Hi {recipient_name},

            {message_count} new messages in your conversation:

            {messages}

            Open the chat on our website to answer.
            """,
        kind: TemplateKind.Grouped);

    /// <summary>The built-in template of an audience and kind: what is used when none is stored (or a stored one is invalid).</summary>
    public static EmailTemplate For(string audience, TemplateKind kind) => (audience, kind) switch
    {
        (TemplateKey.Agent, TemplateKind.Digest) => AgentDigest,
        (TemplateKey.Agent, TemplateKind.Grouped) => AgentGrouped,
        (TemplateKey.Agent, _) => AgentMessage,
        (_, TemplateKind.Digest) => UserDigest,
        (_, TemplateKind.Grouped) => UserGrouped,
        _ => UserMessage,
    };
}
