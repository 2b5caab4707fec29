using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Notifications.ServiceDefaults.Redis;

public static class RedisRegistration
{
    /// <summary>
    /// Registers one shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:redis</c>. The service
    /// starts even while Redis is down (it reconnects by itself); <c>/health/ready</c> reports it until then.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationsRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[RedisOptions.ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
            connectionString = RedisOptions.DefaultConnectionString;

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            // The message of the parser may echo the password: name the key only.
            throw new InvalidOperationException($"{RedisOptions.ConnectionStringKey} is not a valid StackExchange.Redis configuration string.");
        }
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= builder.Environment.ApplicationName;

        builder.Services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        builder.Services.AddSingleton<RedisKeys>();
        builder.Services.AddHostedService<RedisWarmup>();
        return builder;
    }
}
