using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Notifications.Gateway.Ingest;

namespace Notifications.Gateway.EmailEvents;

/// <summary>
/// <c>POST /email/events/sendgrid</c>: SendGrid's Event Webhook (a JSON array of events, sent in batches).
/// <list type="bullet">
/// <item>401 unless SendGrid signed it with the key of <c>Email:SendGrid:WebhookPublicKey</c> within
/// <see cref="SendGridSignature.MaxAge"/> (a stale timestamp is a replay); 413 over <see cref="MaxBodyBytes"/>, refused
/// before the signature is checked; 400 when the body is not a JSON array of objects.</item>
/// <item>Each bounce, block, drop and spam report (<see cref="SendGridEvents"/>) is mapped to its notification by the
/// <c>bounce_token</c> SendGrid echoes from the email's <c>X-SMTPAPI</c> header and published as its follow-up
/// <c>NotificationFailed</c> once (<see cref="EmailEventClaims"/>, by <c>sg_event_id</c>).</item>
/// <item>An event that cannot be mapped (no token, a forged token, an expired record) is counted and logged, and the
/// batch is still answered 200: SendGrid would otherwise resend the good events with it.</item>
/// <item>503 (with Retry-After) when the broker or Redis cannot be reached, or an event is being published by another
/// request right now: SendGrid resends the batch, and the events already published are not published again.</item>
/// </list>
/// </summary>
public static class SendGridEventWebhook
{
    public const string Path = "/email/events/sendgrid";
    public const string Source = "sendgrid";

    /// <summary>SendGrid posts a batch every 30 seconds or at 768 KB, whichever comes first: 1 MB leaves room.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>SendGrid waits a few seconds for an answer; a publish still waiting after this is answered 503.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<SendGridWebhookOptions> options, BounceFollowUps followUps,
        EmailEventClaims claims, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SendGridEventWebhook));
        if (!options.Value.Enabled)
        {
            logger.LogWarning("SendGrid event webhook refused: {Key} is not set on the gateway", SendGridWebhookOptions.PublicKeyKey);
            return Results.Text($"{SendGridWebhookOptions.PublicKeyKey} is not set: signed SendGrid events cannot be verified.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await RequestBody.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted) is not { } body)
            return Results.Text($"The body is larger than {MaxBodyBytes} bytes: refused before its signature was checked.", statusCode: StatusCodes.Status413PayloadTooLarge);

        using (var key = options.Value.CreateKey())
        {
            if (SendGridSignature.Problem(key, http.Request.Headers[SendGridSignature.TimestampHeader], http.Request.Headers[SendGridSignature.SignatureHeader],
                    body, clock.GetUtcNow()) is { } problem)
            {
                logger.LogWarning("SendGrid event webhook refused: {Problem}", problem);
                return Results.Text(problem, statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        if (SendGridEvents.Parse(body) is not { } events)
            return Results.Text("The body is not a JSON array of SendGrid events.", statusCode: StatusCodes.Status400BadRequest);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(PublishTimeout);
        var tally = new Tally();
        foreach (var each in events)
        {
            try
            {
                await HandleEventAsync(each, followUps, claims, logger, tally, timeout.Token);
            }
            catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
            {
                // The broker or Redis is away: the rest of the batch would fail the same way. SendGrid resends it whole.
                logger.LogWarning("SendGrid event {EventId} could not be published ({Error}); answered 503 after {Published} published",
                    each.EventId, failure.GetType().Name, tally.Published);
                return Unavailable(http);
            }
        }
        if (tally.InFlight > 0)
            return Unavailable(http);
        if (tally.Unmapped > 0)
            logger.LogWarning("SendGrid event batch: {Unmapped} failure event(s) could not be mapped to a notification and were dropped", tally.Unmapped);
        return Results.Ok(new { received = events.Count, published = tally.Published, duplicates = tally.Duplicates, unmapped = tally.Unmapped, ignored = tally.Ignored });
    }

    private static async Task HandleEventAsync(SendGridEvent each, BounceFollowUps followUps, EmailEventClaims claims, ILogger logger, Tally tally,
        CancellationToken cancellationToken)
    {
        if (SendGridEvents.VerdictOf(each) is not { } verdict)
        {
            tally.Ignored++;
            return;
        }
        var resolved = await followUps.ResolveAsync(each.BounceToken);
        if (resolved.Record is not { } record)
        {
            tally.Unmapped++;
            // The event id is SendGrid's; the notification id is the platform's: neither is personal data.
            logger.LogWarning("SendGrid {Event} event {EventId} (notification {NotificationId}) not mapped{Forged}: {Problem}",
                each.Event, each.EventId, each.NotificationId ?? "unknown", resolved.Forged ? " (forged token)" : "", resolved.Problem);
            return;
        }
        switch (await claims.TryClaimAsync(Source, each.EventId))
        {
            case EventClaim.Done:
                tally.Duplicates++;
                return;
            case EventClaim.InFlight:
                tally.InFlight++;
                return;
        }
        try
        {
            await followUps.PublishAsync(record, verdict, Source, cancellationToken);
        }
        catch
        {
            await claims.ReleaseAsync(Source, each.EventId);
            throw;
        }
        await claims.CompleteAsync(Source, each.EventId);
        tally.Published++;
        logger.LogInformation("SendGrid {Event} event {EventId}: follow-up failure of notification {NotificationId} published (bounce {Bounce})",
            each.Event, each.EventId, record.NotificationId, verdict.Bounce ?? "none");
    }

    private static IResult Unavailable(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "30";
        return Results.Text("The broker or Redis cannot be reached now; send the batch again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private sealed class Tally
    {
        public int Published;
        public int Duplicates;
        public int Unmapped;
        public int Ignored;
        public int InFlight;
    }
}
