using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.ServiceDefaults.Messaging.Redelivery;

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

    /// <summary>Does nothing when the service has no <see cref="IRedeliveryTransport"/> or redelivery is switched off.</summary>
    public static void Apply(IConsumePipeConfigurator configurator, IServiceProvider services)
    {
        if (services.GetRequiredService<RedeliveryPolicy>().Enabled)
            _ = new DelayedRedeliveryConfiguration(configurator, services);
    }

    public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
        configurator.AddPipeSpecification(new Specification<TMessage>(services));

    private sealed class Specification<TMessage>(IServiceProvider services) : IPipeSpecification<ConsumeContext<TMessage>>
        where TMessage : class
    {
        public void Apply(IPipeBuilder<ConsumeContext<TMessage>> builder) => builder.AddFilter(new DelayedRedeliveryFilter<TMessage>(
            services.GetRequiredService<RedeliveryPolicy>(),
            services.GetRequiredService<IRedeliveryTransport>(),
            services.GetRequiredService<KillSwitches>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.ServiceDefaults.Messaging.Redelivery")));

        public IEnumerable<ValidationResult> Validate() => [];
    }
}
