using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Gateway.EmailEvents;
using Notifications.Gateway.Ingest;
using Notifications.Signing;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>POST /email/inbound</c>, raw form: the mail an MTA receives for the reply domain, posted as
/// <c>message/rfc822</c> with the shared secret in <c>X-Inbound-Secret</c> and the envelope recipient in
/// <c>X-Envelope-To</c> (else the mail's <c>Delivered-To</c>, <c>X-Original-To</c>, <c>To</c> are searched).
/// Mail to a bounce address (<c>bounce+{token}@{Email:ReplyDomain}</c>) is handed to <see cref="DeliveryStatusReports"/>.
/// <list type="bullet">
/// <item>401: no or a wrong secret; 413: over <c>Email:Inbound:MaxBodyBytes</c>, refused before it is read;
/// 400: not a MIME message. An MTA pipe (<c>curl --fail</c>) then defers or returns the mail.</item>
/// <item>200 with what was done: published, ignored (a delay report), and also refused (a forged or unknown bounce
/// address, mail to an address that is not a bounce address): the mail is dropped and logged, since posting it again
/// cannot change the answer.</item>
/// <item>503 while the broker or Redis is away: the MTA keeps the mail and tries again.</item>
/// </list>
/// Replies to the per-conversation reply addresses are not accepted yet: emails carry no <c>Reply-To</c> on the reply
/// domain, so no reply arrives here.
/// </summary>
public static class InboundMailEndpoint
{
    public const string Path = "/email/inbound";
    public const string SecretHeader = "X-Inbound-Secret";
    public const string EnvelopeToHeader = "X-Envelope-To";

    public static IHostApplicationBuilder AddInboundMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboundMailOptions>().BindConfiguration(InboundMailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    public static void MapInboundMail(this WebApplication app) =>
        app.MapPost(Path, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<InboundMailOptions> options, IOptions<ReplyDomainOptions> replyDomain,
        DeliveryStatusReports reports, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(InboundMailEndpoint));
        var inbound = options.Value;
        if (!inbound.Enabled || !SecretComparison.Matches(http.Request.Headers[SecretHeader].ToString(), inbound.SharedSecret!))
        {
            logger.LogWarning("Inbound mail refused: {Why}", inbound.Enabled ? $"wrong or missing {SecretHeader}" : $"{InboundMailOptions.SharedSecretKey} is not set");
            return Results.Text(inbound.Enabled ? $"Missing or wrong {SecretHeader}." : $"{InboundMailOptions.SharedSecretKey} is not set: inbound mail is refused.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await RequestBody.ReadAsync(http.Request, inbound.MaxBodyBytes, http.RequestAborted) is not { } body)
            return Results.Text($"The mail is larger than {InboundMailOptions.Section}:MaxBodyBytes ({inbound.MaxBodyBytes} bytes).", statusCode: StatusCodes.Status413PayloadTooLarge);

        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(body), http.RequestAborted);
        }
        catch (FormatException)
        {
            return Results.Text("The body is not a MIME message (post the raw mail as message/rfc822).", statusCode: StatusCodes.Status400BadRequest);
        }

        if (BounceAddressOf(http.Request.Headers[EnvelopeToHeader].ToString(), message, replyDomain.Value) is not { } bounceAddress)
        {
            logger.LogWarning("Inbound mail dropped: it is not addressed to a bounce address of the reply domain");
            return Results.Ok(new { outcome = "refused", detail = "The mail is not addressed to a bounce address of Email:ReplyDomain." });
        }

        try
        {
            var outcome = await reports.HandleAsync(message, bounceAddress, http.RequestAborted);
            return Results.Ok(new { outcome = outcome.Status.ToString().ToLowerInvariant(), notificationId = outcome.NotificationId, detail = outcome.Detail });
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Inbound mail could not be handled now ({Error}): answered 503", failure.GetType().Name);
            http.Response.Headers.RetryAfter = "30";
            return Results.Text("The broker or Redis cannot be reached: post the mail again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The envelope recipient first (what the MTA was asked to deliver to), then the headers a relay leaves.</summary>
    private static string? BounceAddressOf(string envelopeTo, MimeMessage message, ReplyDomainOptions replyDomain)
    {
        if (!replyDomain.Enabled)
            return null;
        var candidates = new[] { envelopeTo }
            .Concat(message.Headers.Where(h => RelayHeaders.Contains(h.Field, StringComparer.OrdinalIgnoreCase)).Select(h => h.Value))
            .Concat(message.To.Mailboxes.Select(m => m.Address));
        var suffix = "@" + replyDomain.ReplyDomain!.Trim();
        return candidates.Select(c => c.Trim().Trim('<', '>'))
            .FirstOrDefault(c => c.StartsWith("bounce+", StringComparison.OrdinalIgnoreCase) && c.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] RelayHeaders = ["Delivered-To", "X-Original-To"];
}
