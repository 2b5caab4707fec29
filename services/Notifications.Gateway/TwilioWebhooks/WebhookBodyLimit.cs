using Microsoft.AspNetCore.Http.Features;

namespace Notifications.Gateway.TwilioWebhooks;

/// <summary>
/// Twilio webhook bodies are small: a 1,600-character reply in a non-Latin script percent-encodes to about 14 KB.
/// Anything over <see cref="MaxBytes"/> is refused before the signature check, which needs the whole form, so
/// nobody can make the gateway read Kestrel's default 30 MB per forged request.
/// </summary>
public static class WebhookBodyLimit
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The form, or null when the body is larger than <see cref="MaxBytes"/> (declared or as it arrives).</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
            return null;
        // A chunked body declares no length: Kestrel stops reading it at the limit instead.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = MaxBytes;
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            // The form reader's own limits (value or key count and length) are below ours: as refused.
            return null;
        }
    }

    public static IResult TooLarge() => Results.Text(
        $"The webhook body is larger than {MaxBytes} bytes: refused before its signature was checked.", "text/plain",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
