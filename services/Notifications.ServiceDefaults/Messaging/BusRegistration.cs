using MassTransit;
using Notifications.ServiceDefaults.Messaging.BareJson;
using Notifications.ServiceDefaults.Messaging.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.ServiceDefaults.Messaging;

public static class BusRegistration
{
    /// <summary>What the host's shutdown timeout adds to the bus's stop timeout (other hosted services stop too).</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds the MassTransit bus on RabbitMQ from <c>ConnectionStrings:rabbitmq</c>. Each service registers its
    /// consumers in <paramref name="configureConsumers"/>; queues are named in kebab case (<c>send-email</c>).
    /// Bad input (<see cref="BadInput"/>) is never retried; other failures are retried in memory with exponential
    /// backoff, then go to the error queue, unless an <see cref="IBusConfigurationHook"/> outside the retries (the
    /// delayed redelivery of Notifications.Scheduling) takes them first.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationsBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configureConsumers)
    {
        var connection = RabbitMqConnection.Parse(builder.Configuration[RabbitMqConnection.ConfigurationKey]);

        builder.Services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddConsumeObserver<ConsumeMetricsObserver>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers(bus);

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                var messaging = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                foreach (var hook in context.GetServices<IBusConfigurationHook>())
                    hook.ConfigureEndpoint(name, endpoint, context);
                // Messaging:QuorumQueues: every receive endpoint (notifications-router, send-*) as a quorum queue.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && messaging.QuorumQueues)
                    rabbit.SetQuorumQueue();
            });

            bus.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                cfg.Host(connection.Host, connection.Port, connection.VirtualHost, host =>
                {
                    host.Username(connection.Username);
                    host.Password(connection.Password);
                    if (connection.UseTls)
                        host.UseSsl(ssl => ssl.ServerName = connection.Host);
                });
                cfg.PrefetchCount = options.PrefetchCount;
                // Platforms may publish bare JSON (application/json, AMQP type = the event's name) beside the envelope.
                cfg.AddDeserializer(new BareJsonSerializerFactory());
                // Configured first, so each is an outer filter of the in-memory retries: it sees only what they
                // could not heal (the delayed redelivery brings that back later instead of the error queue).
                foreach (var hook in context.GetServices<IBusConfigurationHook>())
                    hook.ConfigureOutsideRetries(cfg, context);
                cfg.UseMessageRetry(retry =>
                {
                    retry.Ignore(BadInput.ExceptionTypes);
                    retry.Exponential(
                        options.RetryLimit,
                        TimeSpan.FromMilliseconds(options.RetryMinIntervalMs),
                        TimeSpan.FromMilliseconds(options.RetryMaxIntervalMs),
                        TimeSpan.FromMilliseconds(options.RetryMinIntervalMs));
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        // Graceful shutdown: stopping the bus stops taking messages, then waits for in-flight ones to finish
        // (up to Messaging:StopTimeoutSeconds) before the process exits; they are acknowledged only when done, so
        // one cut short is redelivered, and the delivery ledger keeps it from being sent twice. Consumers' tokens
        // are cancelled a little before the stop timeout, so a hung provider call is given up cleanly (released
        // in the ledger and retried elsewhere). The host's own shutdown timeout must not cut the bus's stop short.
        var stopTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int?>($"{MessagingOptions.Section}:{nameof(MessagingOptions.StopTimeoutSeconds)}")
            ?? new MessagingOptions().StopTimeoutSeconds);
        // Whichever service starts first declares what the platform publishes into, so nothing it publishes is dropped.
        builder.Services.AddHostedService<PlatformTopologyDeclaration>();
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = false;
            host.StopTimeout = stopTimeout;
            host.ConsumerStopTimeout = stopTimeout * 0.8;
        });
        builder.Services.Configure<HostOptions>(host =>
        {
            if (host.ShutdownTimeout < stopTimeout + ShutdownMargin)
                host.ShutdownTimeout = stopTimeout + ShutdownMargin;
        });
        return builder;
    }
}
