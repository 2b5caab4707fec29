using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// The Twilio SDK always builds <c>https://api.twilio.com/...</c> URLs. This handler moves them onto
/// <c>Sms:Twilio:BaseUrl</c> (keeping path and query), so a proxy, a regional gateway or a test stub can
/// stand in for Twilio while the SDK still builds and parses every request.
/// </summary>
public sealed class TwilioBaseUrlHandler(Uri baseUrl) : DelegatingHandler
{
    private static readonly Uri TwilioApi = new(TwilioOptions.DefaultBaseUrl);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Host.Equals(TwilioApi.Host, StringComparison.OrdinalIgnoreCase))
            request.RequestUri = Rebase(uri, baseUrl);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Keeps a path prefix of the base (<c>http://proxy/twilio</c> + <c>/2010-04-01/...</c>).</summary>
    public static Uri Rebase(Uri twilioUri, Uri baseUrl)
    {
        var prefix = baseUrl.AbsolutePath.TrimEnd('/');
        return new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port)
        {
            Path = prefix + twilioUri.AbsolutePath,
            Query = twilioUri.Query.TrimStart('?'),
        }.Uri;
    }
}
