using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Notifications.Admin.Security;

/// <summary>
/// ASP.NET Core's rate limiter on console sign-in and the admin API, per client address on each instance (429 with
/// <c>Retry-After</c>), beside <see cref="SignInGuard"/>, which counts wrong secrets across instances in Redis.
/// The client address is the connection's, or the <c>X-Forwarded-For</c> of a configured known proxy only: an
/// attacker cannot pick the address that is counted (or locked out), nor share the proxy's address with every operator.
/// </summary>
public static class AdminRateLimiting
{
    public const string SignInPolicy = "admin-sign-in";
    public const string ApiPolicy = "admin-api";

    public static IHostApplicationBuilder AddAdminSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminSecurityOptions>()
            .BindConfiguration(AdminSecurityOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => KnownProxies.Parse(options) is { Error: null }, "Admin:KnownProxies and Admin:KnownNetworks must be IP addresses and CIDR networks, comma-separated.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInGuard>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Audit.AuditTrail>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AdminSecurityOptions>>((forwarded, security) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var (proxies, networks, _) = KnownProxies.Parse(security.Value);
            foreach (var proxy in proxies)
                forwarded.KnownProxies.Add(proxy);
            foreach (var network in networks)
                forwarded.KnownIPNetworks.Add(network);
        });
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<AdminSecurityOptions>>((limiter, security) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                SetRetryAfter(context.HttpContext.Response, retryAfter);
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { error = $"Too many requests from your address: try again in {Seconds(retryAfter)} s." }, cancellationToken);
            };
            limiter.AddPolicy(SignInPolicy, http => PerAddress(http, security.Value.RateLimit.SignInPerMinute));
            limiter.AddPolicy(ApiPolicy, http => PerAddress(http, security.Value.RateLimit.ApiPerMinute));
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client address must be settled before anything counts it.</summary>
    public static WebApplication UseAdminSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRateLimiter();
        return app;
    }

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);

    public static long Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    private static RateLimitPartition<string> PerAddress(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(SignInGuard.Name(http.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
