using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Notifications.ServiceDefaults.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// Adds the MassTransit bus on RabbitMQ from <c>ConnectionStrings:rabbitmq</c>. Each service registers its
    /// consumers in <paramref name="configureConsumers"/>; queues are named in kebab case (<c>send-email</c>).
    /// Bad input (<see cref="InvalidMessageException"/>) is never retried; other failures are retried with
    /// exponential backoff and then moved to the error queue.
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

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers(bus);

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
                cfg.UseMessageRetry(retry =>
                {
                    retry.Ignore<InvalidMessageException>();
                    retry.Ignore<System.Text.Json.JsonException>();
                    retry.Exponential(
                        options.RetryLimit,
                        TimeSpan.FromMilliseconds(options.RetryMinIntervalMs),
                        TimeSpan.FromMilliseconds(options.RetryMaxIntervalMs),
                        TimeSpan.FromMilliseconds(options.RetryMinIntervalMs));
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        // Stop consuming on shutdown only after in-flight messages finished.
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
