using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Signing;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// <c>POST /email/inbound/sendgrid</c>: SendGrid Inbound Parse, set up with "POST the raw, full MIME message", posts
/// multipart/form-data whose <c>email</c> field is the mail and whose <c>envelope</c> field (JSON) names the envelope
/// recipients. SendGrid does not sign these posts: the URL carries Basic credentials
/// (<c>https://{user}:{password}@gateway/email/inbound/sendgrid</c>), checked against
/// <c>Email:Inbound:SendGrid:Username</c> and <c>:Password</c>. SendGrid posts a mail again while it is not answered
/// 2xx (for up to three days); the reply's Message-ID keeps a second post from publishing twice.
/// </summary>
public static class SendGridInboundParse
{
    public const string Path = InboundMailEndpoint.Path + "/sendgrid";
    public const string EmailField = "email";
    public const string EnvelopeField = "envelope";

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<InboundMailOptions> options, InboundMailDispatch dispatch, ILoggerFactory loggers)
    {
        var inbound = options.Value;
        var sendGrid = inbound.SendGrid;
        if (!sendGrid.Enabled || !CredentialsMatch(http.Request.Headers.Authorization.ToString(), sendGrid))
        {
            loggers.CreateLogger(typeof(SendGridInboundParse)).LogWarning("SendGrid inbound mail refused: {Why}",
                sendGrid.Enabled ? "wrong or missing Basic credentials" : $"{SendGridInboundOptions.UsernameKey} is not set");
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"inbound-mail\"";
            return Results.Text(sendGrid.Enabled
                    ? "Missing or wrong Basic credentials (put them in the Inbound Parse URL)."
                    : $"{SendGridInboundOptions.UsernameKey} and {SendGridInboundOptions.PasswordKey} are not set: SendGrid inbound mail is refused.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var (form, problem) = await InboundForm.ReadAsync(http.Request, inbound, http.RequestAborted);
        if (problem is not null)
            return problem;
        if (await InboundForm.RawMailAsync(form!, EmailField, http.RequestAborted) is not { } raw)
            return Results.Text($"The form has no '{EmailField}' field: set the Inbound Parse host to \"POST the raw, full MIME message\".",
                statusCode: StatusCodes.Status400BadRequest);
        return await dispatch.HandleAsync(raw, EnvelopeRecipients(form![EnvelopeField].ToString()), http);
    }

    private static bool CredentialsMatch(string authorization, SendGridInboundOptions expected)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        // Both compared, whatever the first gives, so the time taken says nothing about which was wrong.
        var user = SecretComparison.Matches(colon < 0 ? decoded : decoded[..colon], expected.Username!);
        var password = SecretComparison.Matches(colon < 0 ? "" : decoded[(colon + 1)..], expected.Password!);
        return colon >= 0 && user & password;
    }

    /// <summary>The <c>to</c> addresses of SendGrid's envelope field (<c>{"to":["..."],"from":"..."}</c>); none when it is absent or not that JSON.</summary>
    private static List<string> EnvelopeRecipients(string envelope)
    {
        try
        {
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(envelope) ? "{}" : envelope);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array
                ? to.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
