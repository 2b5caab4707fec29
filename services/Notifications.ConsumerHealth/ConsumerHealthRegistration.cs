using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Notifications.ConsumerHealth;

public static class ConsumerHealthRegistration
{
    /// <summary>
    /// Installs MassTransit's kill switch on every receive endpoint (<c>Messaging:KillSwitch*</c>) and watches every
    /// receive endpoint of the bus for stalls (messages waiting, none completed, no pause of the service's
    /// own choosing): <c>/health/ready</c> fails at once, <c>/health/live</c> after <c>Messaging:StallLiveSeconds</c>,
    /// and the endpoint is restarted once in between. Components that idle a consumer on purpose say so through
    /// <see cref="ConsumerPauses"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConsumerHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<KillSwitches>();
        builder.Services.AddSingleton<IBusConfigurationHook, KillSwitchEndpointHook>();
        builder.Services.AddOptions<StallOptions>()
            .BindConfiguration(MessagingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ConsumerPauses>();
        builder.Services.TryAddSingleton<ConsumerStallDetector>();
        builder.Services.TryAddSingleton<StalledEndpointRestart>();
        builder.Services.AddConsumeObserver<ConsumerProgressObserver>();
        builder.Services.AddReceiveEndpointObserver<ReceiveEndpointStallObserver>();
        // The kill switch's stops are deliberate (no stall), and readiness says which queue it stopped and why.
        builder.Services.TryAddSingleton<KillSwitchPauses>();
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<KillSwitchPauses>());
        builder.Services.AddConsumeObserver(services => services.GetRequiredService<KillSwitchPauses>());
        builder.Services.AddHostedService<QueueDepthPoller>();
        builder.Services.AddHostedService<StallMonitor>();
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerStallReadinessCheck>(ConsumerStallReadinessCheck.Name, tags: [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck<KillSwitchReadinessCheck>(KillSwitchReadinessCheck.Name, tags: [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck<ConsumerStallLivenessCheck>(ConsumerStallLivenessCheck.Name, tags: [ServiceDefaultsExtensions.LiveTag]);
        return builder;
    }
}
