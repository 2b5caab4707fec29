using Notifications.SharedState.ProviderSettings;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;
using Twilio.Security;

namespace Notifications.SmsSender.Webhooks;

/// <summary>
/// Twilio's webhooks on the SMS sender's web host: <c>POST /twilio/status</c> (status callbacks of sent SMS,
/// published as delivery results) and <c>POST /twilio/inbound</c> (replies, published as <see cref="SmsReplyReceived"/>).
/// Both answer 403 unless <c>X-Twilio-Signature</c> is Twilio's signature, with the auth token in effect (<c>Sms:Twilio:AuthToken</c> or the one entered at run time), of the
/// public URL (<c>Sms:Twilio:PublicWebhookBaseUrl</c> + path when set, else the request URL) and the form.
/// </summary>
public static partial class TwilioWebhooks
{
    public const string StatusPath = "/twilio/status";
    public const string InboundPath = "/twilio/inbound";
    public const string SignatureHeader = "X-Twilio-Signature";
    public const string EmptyTwiml = "<Response></Response>";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StatusPath, HandleStatusAsync);
        endpoints.MapPost(InboundPath, HandleInboundAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleStatusAsync(
        HttpContext http, IRuntimeOptions<SmsOptions> options, ISmsThreadStore threads, WebhookReplayGuard replays, IPublishEndpoint publish,
        DeliveryOutcomes outcomes, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
        var (form, refused) = await ValidatedFormAsync(http, (await options.CurrentAsync()).Twilio, logger);
        if (form is null)
            return refused!;

        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString().ToLowerInvariant();
        if (status is not ("delivered" or "undelivered" or "failed"))
            return Results.NoContent(); // queued, sending, sent: not a result yet

        var thread = string.IsNullOrEmpty(sid) ? null : await threads.FindByMessageSidAsync(sid);
        if (thread is null)
        {
            logger.LogInformation("Twilio status {Status} for an unknown SMS {MessageSid}: ignored", status, sid);
            return Results.NoContent();
        }

        if (!await replays.FirstTimeAsync("status", sid, status))
        {
            logger.LogInformation("Twilio status {Status} for {MessageSid} was already processed: replay ignored", status, sid);
            return Results.NoContent();
        }
        try
        {
            await PublishStatusAsync(http, form, status, thread, publish, outcomes, logger);
        }
        catch
        {
            await replays.ForgetAsync("status", sid, status);
            throw;
        }
        return Results.NoContent();
    }

    private static async Task PublishStatusAsync(
        HttpContext http, IFormCollection form, string status, SmsThread thread, IPublishEndpoint publish, DeliveryOutcomes outcomes, ILogger logger)
    {
        var subject = new OutcomeSubject(thread.NotificationId, Channels.Sms, thread.RecipientId, thread.ConversationId, thread.MessageId);
        if (status == "delivered")
        {
            await outcomes.ConfirmedDeliveredAsync(publish, subject, TwilioSmsProvider.ProviderName, http.RequestAborted);
        }
        else
        {
            var errorCode = Digits().IsMatch(form["ErrorCode"].ToString()) ? form["ErrorCode"].ToString() : null;
            var reason = errorCode is null
                ? $"Twilio reported the SMS as {status}"
                : $"Twilio reported the SMS as {status} (Twilio error {errorCode}, see https://www.twilio.com/docs/api/errors/{errorCode})";
            logger.LogWarning("Notification {NotificationId}: {Reason}", thread.NotificationId, reason);
            // Learnt after the send was counted as sent: FailedAsync counts the failure too, or dashboards never see it.
            await outcomes.FailedAsync(publish, subject, reason, permanent: true, TwilioSmsProvider.ProviderName, http.RequestAborted);
        }
    }

    private static async Task<IResult> HandleInboundAsync(
        HttpContext http, IRuntimeOptions<SmsOptions> options, ISmsThreadStore threads, WebhookReplayGuard replays, IPublishEndpoint publish, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
        var (form, refused) = await ValidatedFormAsync(http, (await options.CurrentAsync()).Twilio, logger);
        if (form is null)
            return refused!;

        var from = form["From"].ToString().Trim();
        var sid = form["MessageSid"].ToString();
        var thread = PhoneNumbers.IsE164(from) ? await threads.FindByNumberAsync(from) : null;
        if (thread is null)
        {
            // Answered (so Twilio does not retry or alert) and logged; nothing reaches the chat.
            logger.LogInformation("SMS {MessageSid} from unknown number {From}: no participant was texted from here, reply dropped",
                sid, PhoneMasking.Mask(from));
            return Twiml();
        }

        if (!await replays.FirstTimeAsync("inbound", sid))
        {
            logger.LogInformation("SMS reply {MessageSid} was already published: replay ignored", sid);
            return Twiml();
        }
        try
        {
            await PublishReplyAsync(http, form, sid, thread, publish);
        }
        catch
        {
            await replays.ForgetAsync("inbound", sid);
            throw;
        }
        logger.LogInformation("SMS reply {MessageSid} from {RecipientId} published to conversation {ConversationId}",
            sid, thread.RecipientId, thread.ConversationId);
        return Twiml();
    }

    private static Task PublishReplyAsync(HttpContext http, IFormCollection form, string sid, SmsThread thread, IPublishEndpoint publish) =>
        publish.Publish(new SmsReplyReceived
        {
            NotificationId = thread.NotificationId,
            RecipientId = thread.RecipientId,
            ConversationId = thread.ConversationId,
            Text = form["Body"].ToString(),
            ProviderMessageId = sid,
            ReceivedAt = DateTimeOffset.UtcNow,
        }, http.RequestAborted);

    private static IResult Twiml() => Results.Content(EmptyTwiml, "text/xml");

    /// <summary>
    /// The form when the signature is Twilio's; else the refusal: 403, or 413 for a body over
    /// <see cref="WebhookBodyLimit"/>, which is refused before it is read whole, so a forged webhook costs little.
    /// </summary>
    private static async Task<(IFormCollection? Form, IResult? Refused)> ValidatedFormAsync(HttpContext http, TwilioOptions twilio, ILogger logger)
    {
        var signature = http.Request.Headers[SignatureHeader].ToString();
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(twilio.AuthToken) || !http.Request.HasFormContentType)
        {
            logger.LogWarning("Twilio webhook {Path} refused: {Why}", http.Request.Path,
                string.IsNullOrEmpty(twilio.AuthToken) ? "no Sms:Twilio:AuthToken is configured" : "no signature or no form");
            return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        if (await WebhookBodyLimit.ReadFormAsync(http) is not { } form)
        {
            logger.LogWarning("Twilio webhook {Path} refused: the body is larger than {Limit} bytes", http.Request.Path, WebhookBodyLimit.MaxBytes);
            return (null, WebhookBodyLimit.TooLarge());
        }
        var url = PublicUrlOf(http.Request, twilio);
        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString());
        if (new RequestValidator(twilio.AuthToken).Validate(url, parameters, signature))
            return (form, null);

        logger.LogWarning("Twilio webhook {Path} refused: the signature does not match {Url} (check Sms:Twilio:PublicWebhookBaseUrl behind a proxy)",
            http.Request.Path, url);
        return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
    }

    /// <summary>The URL Twilio signed: the configured public base with this request's path and query, else the request URL.</summary>
    public static string PublicUrlOf(HttpRequest request, TwilioOptions twilio) =>
        string.IsNullOrWhiteSpace(twilio.PublicWebhookBaseUrl)
            ? request.GetEncodedUrl()
            : twilio.PublicWebhookBaseUrl.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();

    [GeneratedRegex("^[0-9]{1,10}$")]
    private static partial Regex Digits();
}
