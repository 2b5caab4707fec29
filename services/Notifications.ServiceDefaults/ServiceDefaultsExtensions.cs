using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.ServiceDefaults.Health;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Notifications.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Checks that fail only when the process cannot recover by itself, so restarting it is the remedy.</summary>
    public const string LiveTag = "live";

    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// What every service has: OpenTelemetry traces, metrics and logs (exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks and the Redis connection. The bus is added by each
    /// service with its own consumers (<see cref="Messaging.BusRegistration"/>); what a service knows of
    /// notifications comes from the libraries it references (Notifications.Delivery, Notifications.SharedState).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsRedis();
        builder.AddNotificationsTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);

        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    private static IHostApplicationBuilder AddNotificationsTelemetry(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsLogging();

        // OTEL_SERVICE_NAME wins when set (the AppHost names each resource so on its dashboard); the assembly otherwise.
        var serviceName = builder.Configuration[ServiceNameKey] is { Length: > 0 } configured ? configured : builder.Environment.ApplicationName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource("MassTransit", NotificationsTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter("MassTransit", NotificationsTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS from configuration (the AppHost sets
        // all three for its dashboard; a collector in production sets at least the endpoint).
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers and no consumer has been stalled past <c>Messaging:StallLiveSeconds</c>.
    /// <c>/health/ready</c>: the bus and Redis are connected, no consumer is stalled and the stored settings a sender
    /// needs can be read. When not, the body says which check failed and why.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportText.WriteAsync,
        });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportText.WriteAsync,
        });
        return app;
    }
}
