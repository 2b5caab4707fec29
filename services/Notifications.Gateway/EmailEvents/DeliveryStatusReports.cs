using MimeKit;
using Notifications.Contracts;
using Notifications.Gateway.InboundEmail;

namespace Notifications.Gateway.EmailEvents;

/// <summary>What became of a report mailed to a bounce address.</summary>
public enum BounceReportStatus
{
    /// <summary>A follow-up NotificationFailed was published (or had been, for a resent report).</summary>
    Published,

    /// <summary>A report that asks for nothing: a delay, a success, a relay.</summary>
    Ignored,

    /// <summary>Not a delivery status notification or a complaint report.</summary>
    NotAReport,

    /// <summary>The bounce address is forged, or names no email this system sent (recently).</summary>
    Refused,
}

/// <param name="NotificationId">The notification the report concerns, when the address named one.</param>
/// <param name="Detail">What was done and why, for the log and the inbound endpoint's answer (no address, no secret).</param>
public sealed record BounceReportOutcome(BounceReportStatus Status, string? NotificationId, string Detail);

/// <summary>
/// Reads the mail that comes back to an email's VERP bounce address (<c>bounce+{token}@{Email:ReplyDomain}</c>):
/// <list type="bullet">
/// <item>A delivery status notification (RFC 3464: <c>multipart/report; report-type=delivery-status</c>). Each
/// per-recipient block is read: <c>Action: failed</c> with a 5.x.x <c>Status</c> is a hard bounce (permanent);
/// <c>failed</c> with a 4.x.x status (the MTA gave up retrying a temporary refusal) a soft bounce, not permanent.
/// <c>Action: delayed</c> publishes nothing: the MTA is still retrying, and either delivers the email or sends a
/// <c>failed</c> DSN in the end, so a soft follow-up per delay would count failures for an email that may arrive.
/// <c>delivered</c>, <c>relayed</c> and <c>expanded</c> publish nothing either.</item>
/// <item>A complaint (RFC 5965 ARF: <c>multipart/report; report-type=feedback-report</c>), as mailbox providers send it
/// through their feedback loops: a complaint, permanent.</item>
/// </list>
/// The follow-up names the notification of the address's token (<see cref="BounceFollowUps"/>), carries the status
/// and the <c>Diagnostic-Code</c> in its reason, and is published once per report (<see cref="EmailEventClaims"/>, by
/// the report's Message-ID), since an inbound provider may post the same mail again. The mail arrives at the gateway's
/// inbound mail endpoint, which hands it here with the address it was sent to.
/// </summary>
public sealed class DeliveryStatusReports(BounceFollowUps followUps, EmailEventClaims claims, ILogger<DeliveryStatusReports> logger)
{
    public const string Source = "dsn";

    /// <exception cref="Exception">Redis or the broker could not be reached: the caller answers so that the mail is posted again.</exception>
    public async Task<BounceReportOutcome> HandleAsync(MimeMessage message, string bounceAddress, CancellationToken cancellationToken)
    {
        var verdict = VerdictOf(message, out var notAReport);
        if (notAReport)
            return new BounceReportOutcome(BounceReportStatus.NotAReport, null, "The mail to the bounce address is neither a delivery status notification nor a complaint report.");

        var resolved = await followUps.ResolveAsync(Signing.BounceToken.TokenOfAddress(bounceAddress));
        if (resolved.Record is not { } record)
        {
            logger.LogWarning("Report to a bounce address refused{Forged}: {Problem}", resolved.Forged ? " (forged token)" : "", resolved.Problem);
            return new BounceReportOutcome(BounceReportStatus.Refused, null, resolved.Problem ?? "The bounce address is not ours.");
        }
        if (verdict is null)
            return new BounceReportOutcome(BounceReportStatus.Ignored, record.NotificationId, "The report says the email was delayed, delivered or relayed: nothing to publish.");

        var reportId = InboundMailId.Of(message);
        switch (await claims.TryClaimAsync(Source, reportId))
        {
            case EventClaim.Done:
                return new BounceReportOutcome(BounceReportStatus.Published, record.NotificationId, "This report was published before.");
            case EventClaim.InFlight:
                throw new InvalidOperationException("This report is being published by another request now; post it again later.");
        }
        try
        {
            await followUps.PublishAsync(record, verdict, Source, cancellationToken);
        }
        catch
        {
            await claims.ReleaseAsync(Source, reportId);
            throw;
        }
        await claims.CompleteAsync(Source, reportId);
        logger.LogInformation("Report to a bounce address: follow-up failure of notification {NotificationId} published (bounce {Bounce})",
            record.NotificationId, verdict.Bounce ?? "none");
        return new BounceReportOutcome(BounceReportStatus.Published, record.NotificationId, $"Published a follow-up failure ({verdict.Bounce} bounce).");
    }

    /// <summary>The follow-up a report stands for; null when it asks for none.</summary>
    /// <param name="notAReport">True when the message is not a report this class reads.</param>
    public static BounceVerdict? VerdictOf(MimeMessage message, out bool notAReport)
    {
        notAReport = false;
        var report = FindReport(message.Body);
        if (report is null)
        {
            notAReport = true;
            return null;
        }
        if (string.Equals(report.ReportType, "feedback-report", StringComparison.OrdinalIgnoreCase))
            return ComplaintOf(report);
        if (!string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase)
            || report.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } status)
        {
            notAReport = true;
            return null;
        }
        // The first group is about the message, the others one recipient each; an email of ours has one recipient,
        // and the first failed one decides.
        foreach (var recipient in status.StatusGroups.Skip(1))
        {
            var action = (recipient["Action"] ?? "").Trim().ToLowerInvariant();
            if (action != "failed")
                continue;
            var code = FirstWord(recipient["Status"]);
            var diagnostic = Unfolded(recipient["Diagnostic-Code"]);
            var reason = $"Delivery status notification: {BounceReason.Of(code, diagnostic)}";
            return code.StartsWith("5.", StringComparison.Ordinal)
                ? new BounceVerdict(BounceKinds.Hard, Permanent: true, reason)
                : new BounceVerdict(BounceKinds.Soft, Permanent: false, reason);
        }
        return null;
    }

    private static BounceVerdict ComplaintOf(MultipartReport report)
    {
        // message/feedback-report's fields are headers in its body (RFC 5965 section 3.1).
        var feedbackType = "abuse";
        if (report.OfType<MimePart>().FirstOrDefault(part => part.ContentType.IsMimeType("message", "feedback-report")) is { Content: { } content })
        {
            using var stream = new MemoryStream();
            content.DecodeTo(stream);
            stream.Position = 0;
            var fields = HeaderList.Load(stream);
            if (fields["Feedback-Type"] is { Length: > 0 } given)
                feedbackType = FirstWord(given);
        }
        return new BounceVerdict(BounceKinds.Complaint, Permanent: true, $"Complaint report (ARF, feedback type {feedbackType}) from the recipient's mailbox provider");
    }

    private static MultipartReport? FindReport(MimeEntity? entity) => entity switch
    {
        MultipartReport report => report,
        // Some MTAs wrap the report (a forwarding relay, a signed message): the first report inside counts.
        Multipart multipart => multipart.Select(FindReport).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static string FirstWord(string? text) => (text ?? "").Trim().Split([' ', '\t', '(', ';'], 2)[0];

    private static string Unfolded(string? text) => string.Join(' ', (text ?? "").Split(['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
}
