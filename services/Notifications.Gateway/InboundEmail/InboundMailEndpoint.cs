using Microsoft.Extensions.Options;
using Notifications.Gateway.Ingest;
using Notifications.SharedState.Replies;
using Notifications.Signing;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>POST /email/inbound</c> in its three forms, one route each (the route says which form, and so which credential,
/// is expected; each then hands the raw mail to <see cref="InboundMailDispatch"/>):
/// <list type="bullet">
/// <item><c>/email/inbound</c>, raw: the mail an MTA receives for the reply domain, posted as <c>message/rfc822</c>
/// with the shared secret in <c>X-Inbound-Secret</c> and the envelope recipient in <c>X-Envelope-To</c>.</item>
/// <item><c>/email/inbound/sendgrid</c>: SendGrid Inbound Parse with "POST the raw, full MIME message"
/// (<see cref="SendGridInboundParse"/>).</item>
/// <item><c>/email/inbound/mailgun-mime</c>: a Mailgun route's <c>forward()</c> (<see cref="MailgunRoute"/>).</item>
/// </list>
/// 401: no or a wrong credential; 413: over <c>Email:Inbound:MaxBodyBytes</c>, refused before it is read. The other
/// answers are <see cref="InboundMailDispatch"/>'s.
/// </summary>
public static class InboundMailEndpoint
{
    public const string Path = "/email/inbound";
    public const string SecretHeader = "X-Inbound-Secret";
    public const string EnvelopeToHeader = "X-Envelope-To";

    public static IHostApplicationBuilder AddInboundMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboundMailOptions>().BindConfiguration(InboundMailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReplyRecordStore>();
        builder.Services.AddScoped<EmailReplies>();
        builder.Services.AddScoped<InboundMailDispatch>();
        return builder;
    }

    public static void MapInboundMail(this WebApplication app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        app.MapPost(SendGridInboundParse.Path, SendGridInboundParse.HandleAsync).DisableAntiforgery();
        app.MapPost(MailgunRoute.Path, MailgunRoute.HandleAsync).DisableAntiforgery();
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<InboundMailOptions> options, InboundMailDispatch dispatch, ILoggerFactory loggers)
    {
        var inbound = options.Value;
        if (!inbound.Enabled || !SecretComparison.Matches(http.Request.Headers[SecretHeader].ToString(), inbound.SharedSecret!))
        {
            loggers.CreateLogger(typeof(InboundMailEndpoint)).LogWarning("Inbound mail refused: {Why}",
                inbound.Enabled ? $"wrong or missing {SecretHeader}" : $"{InboundMailOptions.SharedSecretKey} is not set");
            return Results.Text(inbound.Enabled ? $"Missing or wrong {SecretHeader}." : $"{InboundMailOptions.SharedSecretKey} is not set: inbound mail is refused.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await RequestBody.ReadAsync(http.Request, inbound.MaxBodyBytes, http.RequestAborted) is not { } body)
            return TooLarge(inbound);
        return await dispatch.HandleAsync(body, [http.Request.Headers[EnvelopeToHeader].ToString()], http);
    }

    internal static IResult TooLarge(InboundMailOptions inbound) =>
        Results.Text($"The mail is larger than {InboundMailOptions.Section}:MaxBodyBytes ({inbound.MaxBodyBytes} bytes).", statusCode: StatusCodes.Status413PayloadTooLarge);
}
