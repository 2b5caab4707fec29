using System.Net;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Providers;

/// <summary>
/// Turns a push provider's HTTP failure into a <see cref="ProviderException"/>: credentials and bad requests
/// are permanent (retrying cannot fix them), throttling, server errors and the network are retried.
/// </summary>
public static class ProviderHttpFailures
{
    private const int MaxProviderTextLength = 300;

    /// <param name="provider">The provider as operators know it ("OneSignal").</param>
    /// <param name="credentialKeys">The configuration keys to check when the provider refuses the credentials.</param>
    /// <param name="secret">Blanked out of the provider's text, in case it echoes the request (as are email
    /// addresses and phone numbers).</param>
    public static async Task<ProviderException> FromResponseAsync(
        HttpResponseMessage response, string provider, string credentialKeys, string? secret, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return new ProviderException($"{provider} rejected the credentials (HTTP {status}): check {credentialKeys}", permanent: true);

        var text = await ReadTextAsync(response, secret, cancellationToken);
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
            return new ProviderException($"{provider} is unavailable or throttling (HTTP {status}): {text}", permanent: false);

        // 400, 404, 422 and the other client errors: the same request fails the same way every time.
        return new ProviderException($"{provider} refused the notification (HTTP {status}): {text}", permanent: true);
    }

    public static ProviderException FromTransportFailure(Exception failure, string provider) =>
        new($"{provider} could not be reached ({failure.GetType().Name}); will retry.", permanent: false, failure);

    /// <summary>The provider's text made fit for a reason: no secret, no email address or phone number it may echo, one line, short.</summary>
    public static string Clip(string text, string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        text = PersonalDataRedaction.Redact(text);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxProviderTextLength ? text : text[..MaxProviderTextLength] + "…";
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, string? secret, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no details" : Clip(text, secret);
        }
        catch (HttpRequestException)
        {
            return response.ReasonPhrase ?? "no details";
        }
    }
}
