using MassTransit;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Gateway.TwilioWebhooks;

/// <summary>
/// Twilio's webhooks on the public edge: <c>POST /twilio/status</c> (status callbacks) and <c>POST /twilio/inbound</c>
/// (replies). The gateway only checks them: 403 unless <c>X-Twilio-Signature</c> is Twilio's signature, with the
/// auth token in effect (<c>Sms:Twilio:AuthToken</c> or the one entered at run time), of the public URL
/// (<c>Sms:Twilio:PublicWebhookBaseUrl</c> + path when set, else the request URL) and the form; 413 over
/// <see cref="WebhookBodyLimit"/>. A verified webhook is sent as <see cref="TwilioWebhookReceived"/> to the SMS
/// sender's queue, which maps it to notifications; it is answered only once the broker confirmed it, else 503 (Twilio retries).
/// </summary>
public static class TwilioWebhookEndpoints
{
    public const string StatusPath = TwilioWebhookPaths.Status;
    public const string InboundPath = TwilioWebhookPaths.Inbound;
    public const string EmptyTwiml = "<Response></Response>";

    /// <summary>Twilio gives up on a webhook after 15 s: answer 503 before that, so its retry is the one that counts.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddTwilioWebhooks(this IHostApplicationBuilder builder) => builder.AddTwilioWebhookSigning();

    public static void MapTwilioWebhooks(this WebApplication app)
    {
        app.MapPost(StatusPath, (HttpContext http, IRuntimeOptions<TwilioWebhookSigning> signing, ISendEndpointProvider broker, ILoggerFactory loggers) =>
            ForwardAsync(http, TwilioWebhookKinds.Status, Results.NoContent(), signing, broker, loggers));
        app.MapPost(InboundPath, (HttpContext http, IRuntimeOptions<TwilioWebhookSigning> signing, ISendEndpointProvider broker, ILoggerFactory loggers) =>
            ForwardAsync(http, TwilioWebhookKinds.Inbound, Results.Content(EmptyTwiml, "text/xml"), signing, broker, loggers));
    }

    private static async Task<IResult> ForwardAsync(HttpContext http, string kind, IResult answer,
        IRuntimeOptions<TwilioWebhookSigning> signing, ISendEndpointProvider broker, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioWebhookEndpoints));
        TwilioWebhookSigning inEffect;
        try
        {
            inEffect = await signing.CurrentAsync();
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            // Redis away or the stored credentials unreadable: the token in effect is unknown, not absent.
            logger.LogWarning("Twilio webhook {Path}: the auth token in effect could not be read ({Error}); answered 503", http.Request.Path, failure.GetType().Name);
            return Unavailable(http);
        }

        var (form, refused) = await VerifiedFormAsync(http, inEffect, logger);
        if (form is null)
            return refused!;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(SendTimeout);
        try
        {
            var queue = await broker.GetSendEndpoint(QueueNames.Address(QueueNames.SmsWebhooks)).WaitAsync(timeout.Token);
            // MassTransit waits for the broker's publisher confirm before this returns.
            await queue.Send(new TwilioWebhookReceived { Kind = kind, Form = form, ReceivedAt = DateTimeOffset.UtcNow }, timeout.Token);
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Could not send Twilio webhook {Path} to the broker ({Error}); answered 503", http.Request.Path, failure.GetType().Name);
            return Unavailable(http);
        }
        return answer;
    }

    /// <summary>
    /// The form when the signature is Twilio's; else the refusal: 403, or 413 for a body over
    /// <see cref="WebhookBodyLimit"/>, which is refused before it is read whole, so a forged webhook costs little.
    /// </summary>
    private static async Task<(Dictionary<string, string>? Form, IResult? Refused)> VerifiedFormAsync(HttpContext http, TwilioWebhookSigning signing, ILogger logger)
    {
        var signature = http.Request.Headers[TwilioSignature.Header].ToString();
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(signing.AuthToken) || !http.Request.HasFormContentType)
        {
            logger.LogWarning("Twilio webhook {Path} refused: {Why}", http.Request.Path,
                string.IsNullOrEmpty(signing.AuthToken) ? "no Twilio auth token is in effect (Sms:Twilio:AuthToken or the console)" : "no signature or no form");
            return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        if (await WebhookBodyLimit.ReadFormAsync(http) is not { } read)
        {
            logger.LogWarning("Twilio webhook {Path} refused: the body is larger than {Limit} bytes", http.Request.Path, WebhookBodyLimit.MaxBytes);
            return (null, WebhookBodyLimit.TooLarge());
        }
        var form = read.ToDictionary(field => field.Key, field => field.Value.ToString());
        if (TwilioSignature.IsValid(http.Request, signing, form, signature))
            return (form, null);

        logger.LogWarning("Twilio webhook {Path} refused: the signature does not match {Url} (check Sms:Twilio:PublicWebhookBaseUrl behind a proxy)",
            http.Request.Path, TwilioSignature.PublicUrlOf(http.Request, signing));
        return (null, Results.StatusCode(StatusCodes.Status403Forbidden));
    }

    private static IResult Unavailable(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }
}
