using System.Net;

namespace Notifications.Delivery.Providers;

/// <summary>
/// In a provider's HttpClient pipeline: each request waits for a slot of the shared <see cref="ProviderRateLimiter"/>,
/// and a 429 or 5xx (503 above all) with <c>Retry-After</c> pauses the provider for every instance. The answer itself
/// still reaches the client, which reports it as a transient failure: MassTransit's backoff retries it, and the retry
/// waits out the pause. Register it before the provider telemetry, so the wait is not counted as the call's duration.
/// </summary>
/// <param name="maxPerSecond">Read per request, so it follows the bound options.</param>
public sealed class ProviderRateLimitHandler(ProviderRateLimiter limiter, string provider, Func<int> maxPerSecond) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitForSlotAsync(provider, maxPerSecond(), cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (HonoursRetryAfter(response.StatusCode) && RetryAfterOf(response) is { } delay)
            await limiter.PauseAsync(provider, delay);
        return response;
    }

    /// <summary>429 (throttled) and the server errors: a 503 in maintenance says when to come back, and calling
    /// earlier only adds load. On other answers the header means nothing to a sender.</summary>
    public static bool HonoursRetryAfter(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
