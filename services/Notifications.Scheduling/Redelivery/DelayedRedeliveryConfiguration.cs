using MassTransit;
using Notifications.ConsumerHealth;
using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Scheduling.Redelivery;

/// <summary>
/// Adds <see cref="DelayedRedeliveryFilter{T}"/> to every consumed message type's pipe. It must be configured before
/// <c>UseMessageRetry</c>: both add themselves per message type in the order they were configured, and the first is
/// the outer one, so the redelivery sees a failure only once the in-memory retries are spent.
/// </summary>
public sealed class DelayedRedeliveryConfiguration : ConfigurationObserver, IMessageConfigurationObserver
{
    private readonly IServiceProvider services;

    private DelayedRedeliveryConfiguration(IConsumePipeConfigurator configurator, IServiceProvider services)
        : base(configurator)
    {
        this.services = services;
        Connect(this);
    }

    /// <summary>Does nothing while redelivery is switched off (<c>Messaging:RedeliveryHours</c> 0).</summary>
    public static void Apply(IConsumePipeConfigurator configurator, IServiceProvider services)
    {
        if (services.GetRequiredService<RedeliveryPolicy>().Enabled)
            _ = new DelayedRedeliveryConfiguration(configurator, services);
    }

    /// <summary>How <see cref="BusRegistration"/> applies it: before the in-memory retries, so it is their outer filter.</summary>
    public sealed class Hook : IBusConfigurationHook
    {
        public void ConfigureOutsideRetries(IConsumePipeConfigurator bus, IServiceProvider services) => Apply(bus, services);
    }

    public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
        configurator.AddPipeSpecification(new Specification<TMessage>(services));

    private sealed class Specification<TMessage>(IServiceProvider services) : IPipeSpecification<ConsumeContext<TMessage>>
        where TMessage : class
    {
        public void Apply(IPipeBuilder<ConsumeContext<TMessage>> builder) => builder.AddFilter(new DelayedRedeliveryFilter<TMessage>(
            services.GetRequiredService<RedeliveryPolicy>(),
            services.GetRequiredService<LadderRedeliveryTransport>(),
            services.GetRequiredService<KillSwitches>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Scheduling.Redelivery")));

        public IEnumerable<ValidationResult> Validate() => [];
    }
}
