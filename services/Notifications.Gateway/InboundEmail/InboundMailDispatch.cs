using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Gateway.EmailEvents;
using Notifications.Signing;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// What every form of <c>POST /email/inbound</c> does once it has authenticated the request and has the raw mail: reads
/// it as MIME, finds the address of the reply domain it was sent to (the envelope recipient the form gives first, then
/// <c>Delivered-To</c>, <c>X-Original-To</c>, <c>To</c>, <c>Cc</c>), and hands a mail to a reply address to
/// <see cref="EmailReplies"/>, one to a bounce address to <see cref="DeliveryStatusReports"/>.
/// <list type="bullet">
/// <item>400: not a MIME message.</item>
/// <item>200 with what was done: published, ignored (a delay report), and also refused (a forged or unknown address,
/// mail to no reply or bounce address): the mail is dropped and logged, since posting it again cannot change the answer.</item>
/// <item>503 while the broker or Redis is away: the sender keeps the mail and posts it again.</item>
/// </list>
/// </summary>
public sealed class InboundMailDispatch(IOptions<ReplyDomainOptions> replyDomain, DeliveryStatusReports reports, EmailReplies replies, ILogger<InboundMailDispatch> logger)
{
    private static readonly string[] RelayHeaders = ["Delivered-To", "X-Original-To"];

    public async Task<IResult> HandleAsync(byte[] rawMail, IEnumerable<string> envelopeRecipients, HttpContext http)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(rawMail), http.RequestAborted);
        }
        catch (FormatException)
        {
            return Results.Text("The mail is not a MIME message (post the raw mail as message/rfc822).", statusCode: StatusCodes.Status400BadRequest);
        }

        var address = AddressOf(envelopeRecipients, message);
        if (address is null)
        {
            logger.LogWarning("Inbound mail dropped: it is not addressed to a reply or bounce address of the reply domain");
            return Results.Ok(new { outcome = "refused", detail = "The mail is not addressed to a reply or bounce address of Email:ReplyDomain." });
        }

        try
        {
            if (address.Kind == AddressKind.Reply)
            {
                var reply = await replies.HandleAsync(message, address.Address, http.RequestAborted);
                return Results.Ok(new { outcome = reply.Status.ToString().ToLowerInvariant(), conversationId = reply.ConversationId, detail = reply.Detail });
            }
            var outcome = await reports.HandleAsync(message, address.Address, http.RequestAborted);
            return Results.Ok(new { outcome = outcome.Status.ToString().ToLowerInvariant(), notificationId = outcome.NotificationId, detail = outcome.Detail });
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Inbound mail could not be handled now ({Error}): answered 503", failure.GetType().Name);
            http.Response.Headers.RetryAfter = "30";
            return Results.Text("The broker or Redis cannot be reached: post the mail again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private enum AddressKind
    {
        Reply,
        Bounce,
    }

    private sealed record DomainAddress(AddressKind Kind, string Address);

    /// <summary>The envelope recipient first (what the MTA or provider was asked to deliver to), then the headers a relay leaves.</summary>
    private DomainAddress? AddressOf(IEnumerable<string> envelopeRecipients, MimeMessage message)
    {
        var options = replyDomain.Value;
        if (!options.Enabled)
            return null;
        var candidates = envelopeRecipients
            .Concat(message.Headers.Where(h => RelayHeaders.Contains(h.Field, StringComparer.OrdinalIgnoreCase)).Select(h => h.Value))
            .Concat(message.To.Mailboxes.Select(m => m.Address))
            .Concat(message.Cc.Mailboxes.Select(m => m.Address));
        var suffix = "@" + options.ReplyDomain!.Trim();
        foreach (var candidate in candidates.Select(c => c.Trim().Trim('<', '>')))
        {
            if (!candidate.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                continue;
            if (ReplyToken.TokenOfAddress(candidate) is not null)
                return new DomainAddress(AddressKind.Reply, candidate);
            if (BounceToken.TokenOfAddress(candidate) is not null)
                return new DomainAddress(AddressKind.Bounce, candidate);
        }
        return null;
    }
}
