using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Signing;
using Notifications.WebhookSender.Settings;

namespace Notifications.WebhookSender.Posting;

/// <summary>
/// Posts one signed webhook to <c>Webhooks:Url</c> and says what came of it. It never throws for the receiver's
/// sake (only for cancellation): the consumer decides between retrying and the dead letter.
/// </summary>
public sealed class WebhookPoster(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    private const int ExcerptChars = 200;

    public string Host => new Uri(options.Value.Url!.Trim()).Host;

    public async Task<WebhookAttempt> PostAsync(string type, string id, byte[] body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Signed at send time, not once per event: a retry hours later must still be within the receiver's clock skew.
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url!.Trim()) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(RequestSignature.TimestampHeader, timestamp);
        request.Headers.Add(RequestSignature.SignatureHeader, RequestSignature.Sign(settings.SigningKey!, timestamp, body));
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Type, type);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var outcome = WebhookResponses.Classify(status);
            if (outcome == WebhookOutcome.Delivered)
                return new WebhookAttempt(outcome, status, $"{Host} answered {status}");
            var excerpt = await ExcerptAsync(response, cancellationToken);
            var redirect = status is >= 300 and <= 399 ? " (redirects are not followed: set Webhooks:Url to where it points)" : "";
            return new WebhookAttempt(outcome, status, $"{Host} answered {status} {response.ReasonPhrase}{redirect}{(excerpt.Length > 0 ? ": " + excerpt : "")}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(WebhookOutcome.Transient, null, $"{Host} did not answer within {settings.TimeoutSeconds} s (Webhooks:TimeoutSeconds)");
        }
        catch (HttpRequestException failure)
        {
            return new WebhookAttempt(WebhookOutcome.Transient, null, $"{Host} could not be reached: {failure.Message}");
        }
    }

    /// <summary>The start of the receiver's answer, on one line, so a refusal says why without storing a whole page.</summary>
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[ExcerptChars * 4];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = new string(Encoding.UTF8.GetString(buffer, 0, read).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            return text.Length <= ExcerptChars ? text : text[..ExcerptChars] + "…";
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
