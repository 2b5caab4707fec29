using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// One test run's own share of the real RabbitMQ and Redis: a fresh vhost, a Redis connection and a fresh key
/// prefix, the configuration that points services at them, and optionally a bus the tests publish on as the chat
/// platform would. <see cref="DisposeAsync"/> removes all of it again, also after a start-up that failed half way.
/// </summary>
public sealed class IsolatedInfrastructure
{
    private TestEnvironment? environment;
    private IBusControl? platform;

    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}:";
    public TestEnvironment Environment => environment ?? throw new InvalidOperationException("StartAsync has not run.");

    // Null until StartAsync has made them, as the fixtures' own properties were.
    public RabbitMqVirtualHost VirtualHost { get; private set; } = null!;
    public IConnectionMultiplexer Redis { get; private set; } = null!;
    public IBus Platform => platform ?? throw new InvalidOperationException("StartPlatformBusAsync has not run.");

    public async Task StartAsync()
    {
        environment = await TestEnvironment.StartAsync();
        VirtualHost = await RabbitMqVirtualHost.CreateAsync(environment);
        Redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
    }

    /// <summary>
    /// The keys that point a service at this run's vhost, Redis and key prefix; by default also warnings-only logs
    /// (readable test output) and quick retries and redeliveries (a failing test does not wait out production back-offs). A caller
    /// adds or overrides its own keys on the result.
    /// </summary>
    /// <param name="defaultLogLevel">Null keeps the services' own log levels (for fixtures that read the logs).</param>
    /// <param name="quickRetries">False keeps the services' own retry settings.</param>
    public Dictionary<string, string?> Configuration(string? defaultLogLevel = "Warning", bool quickRetries = true)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = VirtualHost.AmqpUrl.ToString(),
            ["ConnectionStrings:redis"] = Environment.RedisConfiguration,
            ["Redis:KeyPrefix"] = KeyPrefix,
            // No delay window: the tests expect today's immediate commands; the window's own tests set theirs.
            ["Email:DelaySeconds"] = "0",
            ["Sms:DelaySeconds"] = "0",
            ["Push:DelaySeconds"] = "0",
        };
        if (defaultLogLevel is not null)
            configuration["Logging:LogLevel:Default"] = defaultLogLevel;
        if (quickRetries)
        {
            configuration["Messaging:RetryLimit"] = "2";
            configuration["Messaging:RetryMinIntervalMs"] = "50";
            configuration["Messaging:RetryMaxIntervalMs"] = "200";
            // Two redeliveries 1 s apart: every test goes through the delay ladder, and one that expects the error
            // queue finds it there a few seconds later, not after the production 6 h.
            configuration["Messaging:RedeliveryFirstDelaySeconds"] = "1";
            configuration["Messaging:RedeliveryMaxDelaySeconds"] = "1";
            configuration["Messaging:RedeliveryHours"] = (2.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A test that fails many messages on purpose may trip the kill switch: it pauses that queue 2 s, not a minute.
            configuration["Messaging:KillSwitchRestartSeconds"] = "2";
        }
        return configuration;
    }

    /// <summary>Starts the platform's bus on the vhost; with <paramref name="outcomes"/>, it also receives the results the services publish.</summary>
    public async Task<IBus> StartPlatformBusAsync(NotificationOutcomes? outcomes = null)
    {
        platform = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(VirtualHost.AmqpUrl, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            if (outcomes is not null)
                cfg.ReceiveEndpoint("platform-observer", endpoint => outcomes.Subscribe(endpoint));
        });
        await platform.StartAsync();
        return platform;
    }

    /// <summary>
    /// Stops the platform bus, then <paramref name="services"/> in the order given, then disposes
    /// <paramref name="stubs"/> (what the services talked to), and last this run's Redis keys, the Redis connection,
    /// the vhost and the environment. Whatever was never started is skipped. A step that fails does not stop the
    /// later ones (the vhost and keys must still go); its failure is thrown at the end.
    /// </summary>
    public async Task DisposeAsync(IEnumerable<WebApplication?> services, params IAsyncDisposable?[] stubs)
    {
        var failures = new List<Exception>();
        async Task Step(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception failure)
            {
                failures.Add(failure);
            }
        }

        if (platform is not null)
            await Step(() => platform.StopAsync());
        await Step(() => ServiceHost.StopAllAsync(services));
        foreach (var stub in stubs.OfType<IAsyncDisposable>())
            await Step(() => stub.DisposeAsync().AsTask());
        if (Redis is not null)
        {
            await Step(() => RedisTestKeys.DeleteAllAsync(Redis, KeyPrefix));
            await Step(() => Redis.DisposeAsync().AsTask());
        }
        if (VirtualHost is not null)
            await Step(() => VirtualHost.DisposeAsync().AsTask());
        if (environment is not null)
            await Step(() => environment.DisposeAsync().AsTask());

        if (failures.Count == 1)
            ExceptionDispatchInfo.Throw(failures[0]);
        if (failures.Count > 1)
            throw new AggregateException("Tearing down the test infrastructure failed more than once.", failures);
    }
}
