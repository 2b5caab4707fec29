using System.Text;
using MimeKit;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// Reports as receiving MTAs and mailbox providers mail them back, written as the raw MIME they send and parsed with
/// MimeKit as the inbound endpoint parses what it receives: an RFC 3464 delivery status notification (Postfix's
/// layout) and an RFC 5965 ARF complaint.
/// </summary>
public static class BounceReports
{
    public static MimeMessage Dsn(string bounceAddress, string action, string status, string diagnostic, string? messageId = null)
    {
        var id = messageId ?? $"<{Guid.NewGuid():N}@mx.example.net>";
        var raw = $"""
            Return-Path: <>
            From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
            To: {bounceAddress}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: {id}
            Date: Thu, 03 Dec 2026 08:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

            --dsn-boundary
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mx.example.net.
            I'm sorry to have to inform you that your message could not be delivered.

            --dsn-boundary
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net
            X-Postfix-Queue-ID: 4F1A2B3C4D
            Arrival-Date: Thu, 03 Dec 2026 07:59:58 +0000

            Final-Recipient: rfc822; bo.bounce@example.org
            Original-Recipient: rfc822;bo.bounce@example.org
            Action: {action}
            Status: {status}
            Remote-MTA: dns; inbound.example.org
            Diagnostic-Code: smtp; {diagnostic}

            --dsn-boundary
            Content-Type: text/rfc822-headers

            From: notifications@helpdesk.test
            To: bo.bounce@example.org
            Subject: New message

            --dsn-boundary--

            """;
        return Parse(raw);
    }

    public static MimeMessage Complaint(string bounceAddress)
    {
        var raw = $"""
            From: feedback@mailbox-provider.example
            To: {bounceAddress}
            Subject: Complaint about message
            Message-ID: <{Guid.NewGuid():N}@mailbox-provider.example>
            Date: Thu, 03 Dec 2026 08:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"

            --arf-boundary
            Content-Type: text/plain; charset=us-ascii

            This is an email abuse report for an email message received from IP 192.0.2.1.

            --arf-boundary
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: SomeGenerator/1.0
            Version: 1

            --arf-boundary
            Content-Type: text/rfc822-headers

            From: notifications@helpdesk.test
            Subject: New message

            --arf-boundary--

            """;
        return Parse(raw);
    }

    public static MimeMessage PlainMail(string to) => Parse($"""
        From: someone@example.org
        To: {to}
        Subject: Hello
        Message-ID: <{Guid.NewGuid():N}@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Just a note.

        """);

    private static MimeMessage Parse(string raw)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(raw.ReplaceLineEndings("\r\n")));
        return MimeMessage.Load(stream);
    }
}
