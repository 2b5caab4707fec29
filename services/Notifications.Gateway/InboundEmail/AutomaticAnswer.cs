using MimeKit;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// Whether a mail was written by a program rather than a person: out-of-office and vacation answers go to the
/// <c>Reply-To</c> like a reply does, and posting them would fill the chat with "I am away until Monday" (and, with
/// an agent's auto-answer, could make the two answer each other). RFC 3834's <c>Auto-Submitted</c> (anything but
/// <c>no</c>), <c>Precedence: bulk/junk/list/auto_reply</c>, and the <c>X-Autoreply</c> / <c>X-Autorespond</c> headers
/// older auto-responders write. (<c>X-Auto-Response-Suppress</c> is no sign: it asks others not to answer automatically.)
/// </summary>
public static class AutomaticAnswer
{
    private static readonly string[] AutomaticPrecedence = ["bulk", "junk", "list", "auto_reply"];

    public static bool Is(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
            return true;
        var precedence = message.Headers["Precedence"]?.Trim();
        if (precedence is not null && AutomaticPrecedence.Contains(precedence, StringComparer.OrdinalIgnoreCase))
            return true;
        return message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond");
    }
}
