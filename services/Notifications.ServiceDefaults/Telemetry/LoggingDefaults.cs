using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Notifications.ServiceDefaults.Telemetry;

/// <summary>
/// Every log line carries the trace id and span id of the span it was written in: as OTLP log record fields
/// (OpenTelemetry logging) and, on the console, as a scope. With <c>Logging:Console:FormatterName=json</c> the
/// console writes one JSON object per line with its scopes (TraceId, SpanId, ParentId and MassTransit's
/// message scopes), unless <c>Logging:Console:FormatterOptions:IncludeScopes</c> says otherwise.
/// </summary>
public static class LoggingDefaults
{
    public const string IncludeScopesKey = "Logging:Console:FormatterOptions:IncludeScopes";

    public static IHostApplicationBuilder AddNotificationsLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // Scopes are where the trace and span ids are on the console: on by default for JSON.
        if (builder.Configuration[IncludeScopesKey] is null)
            builder.Services.Configure<JsonConsoleFormatterOptions>(json => json.IncludeScopes = true);
        return builder;
    }
}
