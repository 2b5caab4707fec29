using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Gateway.EmailEvents;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>POST /email/inbound/mailgun-mime</c>: a Mailgun route's <c>forward()</c> action. A URL ending in <c>mime</c>
/// makes Mailgun post the mail raw in <c>body-mime</c>, with <c>recipient</c> (the envelope recipient) and the
/// signature fields <c>timestamp</c>, <c>token</c> and <c>signature</c> = hex HMAC-SHA256(timestamp + token), keyed by
/// <c>Email:Inbound:Mailgun:SigningKey</c>. Refused 401: a wrong signature, a timestamp more than
/// <see cref="MaxAge"/> away from now (a captured post replayed later), and a token seen before (a captured post
/// replayed soon). Mailgun's own retry of a mail that was not answered 2xx is a new post; the reply's Message-ID keeps
/// it from publishing twice.
/// </summary>
public static class MailgunRoute
{
    public const string Path = InboundMailEndpoint.Path + "/mailgun-mime";
    public const string MimeField = "body-mime";
    public const string RecipientField = "recipient";

    /// <summary>How far a signed timestamp may be from the gateway's clock.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(15);

    // Tokens seen are kept as email-event claims: longer than MaxAge, so a replay inside the window is always caught.
    private const string TokenSource = "mailgun-token";

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<InboundMailOptions> options, InboundMailDispatch dispatch, EmailEventClaims tokens,
        TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MailgunRoute));
        var inbound = options.Value;
        if (!inbound.Mailgun.Enabled)
        {
            logger.LogWarning("Mailgun inbound mail refused: {Key} is not set", MailgunInboundOptions.SigningKeyKey);
            return Results.Text($"{MailgunInboundOptions.SigningKeyKey} is not set: Mailgun inbound mail is refused.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var (form, problem) = await InboundForm.ReadAsync(http.Request, inbound, http.RequestAborted);
        if (problem is not null)
            return problem;
        var timestamp = form!["timestamp"].ToString();
        var token = form["token"].ToString();
        if (SignatureProblem(timestamp, token, form["signature"].ToString(), inbound.Mailgun.SigningKey!, clock.GetUtcNow()) is { } refused)
        {
            logger.LogWarning("Mailgun inbound mail refused: {Why}", refused);
            return Results.Text(refused, statusCode: StatusCodes.Status401Unauthorized);
        }

        var tokenId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        EventClaim claim;
        try
        {
            claim = await tokens.TryClaimAsync(TokenSource, tokenId);
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Mailgun inbound mail could not be handled now ({Error}): answered 503", failure.GetType().Name);
            http.Response.Headers.RetryAfter = "30";
            return Results.Text("Redis cannot be reached: post the mail again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (claim != EventClaim.Claimed)
        {
            logger.LogWarning("Mailgun inbound mail refused: its token was used before (a replayed post)");
            return Results.Text("This signed post was received before: a replay is refused.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await InboundForm.RawMailAsync(form, MimeField, http.RequestAborted) is not { } raw)
        {
            await tokens.CompleteAsync(TokenSource, tokenId);
            return Results.Text($"The form has no '{MimeField}' field: forward to a URL that ends in 'mime'.", statusCode: StatusCodes.Status400BadRequest);
        }
        var answer = await dispatch.HandleAsync(raw, [form[RecipientField].ToString()], http);
        // A 503 gives the token back: Mailgun's retry of the same post must not be taken for a replay.
        if (answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status503ServiceUnavailable })
            await tokens.ReleaseAsync(TokenSource, tokenId);
        else
            await tokens.CompleteAsync(TokenSource, tokenId);
        return answer;
    }

    /// <returns>Why the signature fields are refused (never echoing the key or the expected value), or null when they are Mailgun's and fresh.</returns>
    public static string? SignatureProblem(string timestamp, string token, string signature, string signingKey, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(token) || string.IsNullOrEmpty(signature))
            return "The form lacks Mailgun's timestamp, token or signature.";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(timestamp + token)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant())))
            return "The signature does not match Email:Inbound:Mailgun:SigningKey.";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799))).TotalSeconds) > MaxAge.TotalSeconds)
            return $"The signed timestamp is more than {MaxAge.TotalMinutes:0} minutes from now (a replayed post, or a clock that is off).";
        return null;
    }
}
