using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.ServiceDefaults.Delivery;
using Notifications.ServiceDefaults.DeliveryLog;
using Notifications.ServiceDefaults.Health;
using Notifications.ServiceDefaults.Presence;
using Notifications.ServiceDefaults.Redis;
using Notifications.ServiceDefaults.Secrets;
using Notifications.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Notifications.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// What every service has: OpenTelemetry traces, metrics and logs (exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks, Redis, the delivery ledger and the delivery log.
    /// The bus is added by each service with its own consumers (<see cref="Messaging.BusRegistration"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsRedis();
        builder.AddNotificationsTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);

        builder.Services.AddOptions<SecretsOptions>()
            .BindConfiguration(SecretsOptions.Section)
            .Validate(options => StoredDocumentCipher.IsValidKey(options.EncryptionKey, out _), StoredDocumentCipher.KeyProblem)
            .ValidateOnStart();
        builder.Services.TryAddSingleton<StoredDocumentCipher>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PresenceReader>();
        builder.Services.AddSingleton<DeliveryLedger>();
        builder.AddDeliveryLog();
        builder.Services.AddSingleton<DeliveryOutcomes>();
        builder.Services.AddSingleton<NotificationDelivery>();
        return builder;
    }

    private static IHostApplicationBuilder AddNotificationsTelemetry(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsLogging();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
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

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the bus and Redis are connected.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
