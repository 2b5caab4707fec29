using Microsoft.AspNetCore.Http.Extensions;
using Notifications.SharedState.ProviderSettings;
using Twilio.Security;

namespace Notifications.Gateway.TwilioWebhooks;

/// <summary>
/// Twilio signs each webhook with the account's auth token over the URL it called and the form it posted
/// (<c>X-Twilio-Signature</c>); the check is the Twilio SDK's own.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static bool IsValid(HttpRequest request, TwilioWebhookSigning signing, IReadOnlyDictionary<string, string> form, string signature) =>
        new RequestValidator(signing.AuthToken).Validate(PublicUrlOf(request, signing), form.ToDictionary(), signature);

    /// <summary>The URL Twilio signed: the configured public base with this request's path and query, else the request URL.</summary>
    public static string PublicUrlOf(HttpRequest request, TwilioWebhookSigning signing) =>
        string.IsNullOrWhiteSpace(signing.PublicWebhookBaseUrl)
            ? request.GetEncodedUrl()
            : signing.PublicWebhookBaseUrl.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
}
