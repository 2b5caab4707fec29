using MassTransit;
using Notifications.Benchmarks.Cpu;
using Notifications.Benchmarks.Floor;
using Notifications.Benchmarks.Processes;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Benchmarks.Latency;

/// <summary>
/// What a latency run publishes to, each part in its own process: the pipeline (the router and the email sender
/// from their Release builds, on the real broker and Redis) or the two-hop floor (<see cref="FloorRelays"/>). Both
/// deliver to an SMTP sink in the benchmark's process, where each email's latency is read, and both have their
/// own vhost. The platform's publisher is a bus in the benchmark's process too (the load generator).
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly RabbitMqVirtualHost vhost;
    private readonly List<BenchProcess> processes;
    private readonly Func<Task> cleanUp;

    public string Name { get; }
    public IBusControl Platform { get; }
    public TimingSmtpSink Sink { get; }
    public CpuWatch Cpu { get; }

    private SystemUnderTest(string name, RabbitMqVirtualHost vhost, TimingSmtpSink sink, List<BenchProcess> processes, IBusControl platform, Func<Task> cleanUp)
    {
        Name = name;
        this.vhost = vhost;
        Sink = sink;
        this.processes = processes;
        Platform = platform;
        this.cleanUp = cleanUp;
        Cpu = new CpuWatch([.. CpuWatch.Infrastructure(), .. processes.Select(p => new WatchedProcess(p.Name, p.Pid)), CpuWatch.LoadGenerator()]);
    }

    public static async Task<SystemUnderTest> StartFloorAsync(TestEnvironment environment)
    {
        var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var sink = new TimingSmtpSink();
        var relays = BenchProcess.StartSelf("floor relays", [FloorRelays.Role], new Dictionary<string, string>
        {
            ["BENCH_FLOOR_AMQP"] = vhost.AmqpUrl.ToString(),
            ["BENCH_FLOOR_SMTP_PORT"] = sink.Port.ToString(),
        });
        List<BenchProcess> processes = [relays];
        var platform = BenchBus.Create(vhost.AmqpUrl);
        var system = new SystemUnderTest("floor", vhost, sink, processes, platform, () => Task.CompletedTask);
        await system.StartAsync([FloorRelays.RouterQueue, FloorRelays.SenderQueue]);
        return system;
    }

    public static async Task<SystemUnderTest> StartPipelineAsync(TestEnvironment environment)
    {
        var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var sink = new TimingSmtpSink();
        var keyPrefix = $"bench-{Guid.NewGuid():N}:";
        var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var configuration = BenchConfiguration.For(vhost, environment, keyPrefix, prefetch: FloorRelays.Prefetch);
        configuration["Email:Smtp:Host"] = "127.0.0.1";
        configuration["Email:Smtp:Port"] = sink.Port.ToString();
        configuration["Email:Smtp:Security"] = "None";
        configuration["Email:Smtp:MaxConnections"] = FloorRelays.SmtpConnectionLimit.ToString();
        configuration["Email:From"] = "bench@helpdesk.bench";
        configuration["Email:FromName"] = "Help desk";
        List<BenchProcess> processes =
        [
            BenchProcess.StartService("Router", "router", configuration),
            BenchProcess.StartService("EmailSender", "email sender", configuration),
        ];
        var platform = BenchBus.Create(vhost.AmqpUrl);
        var system = new SystemUnderTest("pipeline", vhost, sink, processes, platform, async () =>
        {
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
            await redis.DisposeAsync();
        });
        await system.StartAsync([QueueNames.Router, QueueNames.SendEmail]);
        await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
        return system;
    }

    private async Task StartAsync(string[] queues)
    {
        try
        {
            await QueueConsumers.WaitAsync(vhost.AmqpUrl, queues, processes);
            await Platform.StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.StopAsync();
        foreach (var process in processes)
            await process.DisposeAsync();
        await cleanUp();
        await Sink.DisposeAsync();
        await vhost.DisposeAsync();
    }
}
