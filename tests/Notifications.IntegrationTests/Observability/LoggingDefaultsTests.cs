using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Observability;

/// <summary>Composition of the service defaults that operators rely on, without a broker.</summary>
public sealed class LoggingDefaultsTests
{
    [Fact]
    public void JsonConsoleLogs_IncludeScopesWithTraceAndSpanIds()
    {
        using var app = Build(new() { ["Logging:Console:FormatterName"] = "json" });

        Assert.True(app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        var tracking = app.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));
    }

    [Fact]
    public void HostShutdownTimeout_IsLongerThanTheBusStopTimeout()
    {
        using var app = Build(new() { ["Messaging:StopTimeoutSeconds"] = "40" });

        var stop = app.Services.GetRequiredService<IOptions<MassTransit.MassTransitHostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(40), stop.StopTimeout);
        Assert.True(stop.ConsumerStopTimeout < stop.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private static WebApplication Build(Dictionary<string, string?> configuration)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        builder.AddNotificationsBus(_ => { });
        return builder.Build();
    }
}
