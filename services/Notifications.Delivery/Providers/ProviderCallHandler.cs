using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Delivery.Providers;

/// <summary>
/// Times every request of a provider's HttpClient (Twilio, OneSignal, Pusher Beams) as a provider call. The HTTP
/// client span itself comes from the HttpClient instrumentation, under the delivery span.
/// </summary>
public sealed class ProviderCallHandler(string provider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var call = ProviderCall.Start(provider, spanName: null);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
            call.Succeeded();
        return response;
    }
}

public static class ProviderCallHttpClientBuilderExtensions
{
    /// <summary>Counts this client's requests as calls to <paramref name="provider"/> (<c>notifications.provider.duration</c>).</summary>
    public static IHttpClientBuilder AddProviderTelemetry(this IHttpClientBuilder builder, string provider) =>
        builder.AddHttpMessageHandler(() => new ProviderCallHandler(provider));
}
