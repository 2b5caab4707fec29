using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Signing;

namespace Notifications.Gateway.Unsubscribe;

/// <summary>
/// The one-click unsubscribe links of users' emails (<c>List-Unsubscribe</c>, RFC 8058), on the public edge:
/// <list type="bullet">
/// <item><c>GET /unsubscribe/{token}</c> only shows a page with a button: mail scanners and link previews open every
/// link of an email, and must not unsubscribe anyone.</item>
/// <item><c>POST /unsubscribe/{token}</c> (the mail program's one-click <c>List-Unsubscribe=One-Click</c>, or the
/// page's button) publishes <see cref="ParticipantOptedOut"/>, which the router stores; answered once the broker
/// confirmed it, else 503. A repeated POST publishes the same opt-out again, which changes nothing.</item>
/// </list>
/// A token that is not whole is 400, one whose signature does not match (forged, or its id or channel changed) 403,
/// each with a page that says so. The body is never read: the token says everything.
/// </summary>
public static class UnsubscribeEndpoints
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddUnsubscribeLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UnsubscribeOptions>().BindConfiguration(UnsubscribeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    public static void MapUnsubscribeLinks(this WebApplication app)
    {
        app.MapGet(UnsubscribeOptions.Path + "/{token}", (string token, IOptions<UnsubscribeOptions> options, ILoggerFactory loggers) =>
            Checked(token, options.Value, loggers) is { } refused ? refused : UnsubscribePages.Confirm(UnsubscribeOptions.Path + "/" + Uri.EscapeDataString(token)));
        app.MapPost(UnsubscribeOptions.Path + "/{token}", UnsubscribeAsync).DisableAntiforgery();
    }

    private static async Task<IResult> UnsubscribeAsync(string token, HttpContext http, IOptions<UnsubscribeOptions> options,
        IPublishEndpoint broker, TimeProvider clock, ILoggerFactory loggers)
    {
        if (Checked(token, options.Value, loggers) is { } refused)
            return refused;
        var (participantId, channel) = UnsubscribeToken.Read(options.Value.UnsubscribeSigningKey!, token, out _, out _)!.Value;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            // MassTransit waits for the broker's publisher confirm before this returns: "unsubscribed" is only said when it is true.
            await broker.Publish(new ParticipantOptedOut
            {
                ParticipantId = participantId,
                Channel = channel,
                Reason = OptOutReasons.Unsubscribe,
                At = clock.GetUtcNow(),
            }, timeout.Token);
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(UnsubscribeEndpoints)).LogWarning("Could not publish an unsubscribe to the broker ({Error}); answered 503", failure.GetType().Name);
            http.Response.Headers.RetryAfter = "5";
            return UnsubscribePages.Unavailable();
        }
        // The id is the platform's, not an address: it may be logged.
        loggers.CreateLogger(typeof(UnsubscribeEndpoints)).LogInformation("Participant {ParticipantId} unsubscribed from {Channel}", participantId, channel);
        return UnsubscribePages.Done(channel);
    }

    /// <summary>The refusal page of a link that cannot be honoured, or null when the token is ours.</summary>
    private static IResult? Checked(string token, UnsubscribeOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(UnsubscribeEndpoints));
        if (!options.Enabled)
        {
            logger.LogWarning("Unsubscribe link refused: Email:PublicBaseUrl or Email:UnsubscribeSigningKey is not set on the gateway");
            return UnsubscribePages.NotConfigured();
        }
        if (UnsubscribeToken.Read(options.UnsubscribeSigningKey!, token, out var forged, out var problem) is not null)
            return null;
        // Never the token itself: a valid-looking one is as good as the link.
        logger.LogWarning("Unsubscribe link refused: {Problem}", problem);
        return UnsubscribePages.Refused(forged ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest, problem!);
    }
}
