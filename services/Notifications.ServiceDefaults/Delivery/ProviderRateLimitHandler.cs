using System.Net;

namespace Notifications.ServiceDefaults.Delivery;

/// <summary>
/// In a provider's HttpClient pipeline: each request waits for a slot of the shared <see cref="ProviderRateLimiter"/>,
/// and a 429 with <c>Retry-After</c> pauses the provider for every instance. The 429 itself still reaches the client,
/// which reports it as a transient failure: MassTransit's backoff retries it, and the retry waits out the pause.
/// </summary>
/// <param name="maxPerSecond">Read per request, so it follows the bound options.</param>
public sealed class ProviderRateLimitHandler(ProviderRateLimiter limiter, string provider, Func<int> maxPerSecond) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitForSlotAsync(provider, maxPerSecond(), cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfterOf(response) is { } delay)
            await limiter.PauseAsync(provider, delay);
        return response;
    }

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
