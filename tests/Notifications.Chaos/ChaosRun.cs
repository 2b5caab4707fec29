using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Notifications.Benchmarks;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.Chaos;

/// <summary>
/// <c>make chaos</c>: the router and the three senders as separate processes from the Release build, on a fresh
/// vhost and Redis key prefix, with an SMTP sink and Twilio/OneSignal stubs in this process. While the
/// messages are published: the providers fail a share of requests for a while, each sender in CHAOS_KILL is
/// killed with SIGKILL and started again (the router too), RabbitMQ's application is stopped and started three times,
/// Redis is paused for 30 s and later restarted with its data, and Twilio is down for 2 minutes. Then it waits for
/// the queues to drain and compares what the providers received with what the rules expect.
/// Exit code: 0 when nothing was lost (and no OneSignal notification went out twice), 1 otherwise, 2 when the
/// run itself failed.
/// </summary>
public static class ChaosRun
{
    private static readonly string[] Services = ["Router", "EmailSender", "SmsSender", "PushSender"];
    internal static readonly string[] WorkQueues = ["notifications-router", "send-email", "send-sms", "send-push"];
    internal static readonly Stopwatch Clock = new();

    /// <summary>The word before every progress line: <c>chaos</c>, or <c>scale</c> for <see cref="ScaleRun"/>.</summary>
    internal static string LogTag { get; set; } = "chaos";

    public static async Task<int> RunAsync()
    {
        var settings = ChaosSettings.FromEnvironment();
        using var start = RunStart.Begin("chaos", settings);
        var (runId, root, logDirectory, cancel) = (start.RunId, start.Root, start.LogDirectory, start.Cancel);

        await using var environment = await TestEnvironment.StartAsync();
        var broker = new BrokerControl();
        var faults = new FaultInjector(settings.FaultPercent);
        await using var smtp = new TimingSmtpSink
        {
            DataReply = () => faults.Next(allowLate: false) == Fault.None ? null : "451 4.3.0 chaos: try again later",
        };
        await using var providers = await ProviderStub.StartAsync(faults);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var keyPrefix = $"chaos-{runId}:";
        var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var processes = new List<ServiceProcess>();
        IBusControl? platform = null;
        try
        {
            var variables = ServiceEnvironment(vhost, environment, keyPrefix, smtp, providers);
            foreach (var name in Services)
                processes.Add(new ServiceProcess(root, name, variables, logDirectory));
            foreach (var process in processes)
                process.Start();
            await WaitForQueuesAsync(vhost.AmqpUrl, TimeSpan.FromSeconds(90), cancel.Token);
            Log("the four services consume their queues");

            platform = BenchBus.Create(vhost.AmqpUrl);
            await platform.StartAsync(cancel.Token);
            var directory = new ChaosDirectory(runId, settings.Agents, settings.Messages);
            await PublishDirectoryAsync(platform, directory, redis, keyPrefix, cancel.Token);

            var publisher = new ReliablePublisher(platform);
            int Received() => smtp.Received.Count + providers.Sms.Count + providers.Pushes.Count;
            var redisControl = new RedisControl(root, environment.RedisConfiguration);
            var events = await PublishWithChaosAsync(settings, directory, publisher, processes, broker, redisControl, faults, Received, cancel.Token);
            Log($"faults injected: {faults.Injected} (answers after the client's timeout: {providers.LateAnswers})");

            var drained = await DrainAsync(TimeSpan.FromSeconds(settings.DrainTimeoutSeconds), TimeSpan.FromSeconds(settings.QuietSeconds), vhost.AmqpUrl, Received, settings.Messages * 3, cancel.Token);

            var results = ChaosReport.Compare(directory, settings.Messages, smtp, providers);
            var errorQueues = await ErrorQueueDepthsAsync(vhost.AmqpUrl);
            PrintSummary(settings, events, results, errorQueues, drained, processes);
            await PrintErrorReasonsAsync(vhost, errorQueues);
            // Outages heal by themselves: a message in an error queue needed a person, so it fails the run too.
            var passed = results.All(r => r.Passed) && errorQueues.Values.All(depth => depth == 0);
            if (Environment.GetEnvironmentVariable("CHAOS_RECORD") is "1" or "true")
                Record(root, settings, events, results, errorQueues, passed);
            Console.WriteLine(passed ? "CHAOS PASSED: nothing lost, nothing left in an error queue, no SMS or OneSignal notification sent twice." : "CHAOS FAILED: see the table and the error queues above.");
            return passed ? 0 : 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"chaos run failed: {ex}");
            return 2;
        }
        finally
        {
            faults.Active = false;
            faults.TwilioDown = false;
            await broker.EnsureRunningAsync();
            if (platform is not null)
                await StopQuietlyAsync(() => platform.StopAsync(CancellationToken.None));
            foreach (var process in processes)
                await process.DisposeAsync();
            await StopQuietlyAsync(() => vhost.DisposeAsync().AsTask());
            await StopQuietlyAsync(() => RedisTestKeys.DeleteAllAsync(redis, keyPrefix));
            Log($"cleaned up: service processes stopped, vhost {vhost.Name} and Redis keys {keyPrefix}* deleted, RabbitMQ running");
        }
    }

    internal static Dictionary<string, string> ServiceEnvironment(
        RabbitMqVirtualHost vhost, TestEnvironment environment, string keyPrefix, TimingSmtpSink smtp, ProviderStub providers)
    {
        var stub = providers.BaseUrl.ToString().TrimEnd('/');
        return new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ConnectionStrings__rabbitmq"] = vhost.AmqpUrl.ToString(),
            ["ConnectionStrings__redis"] = environment.RedisConfiguration,
            ["Redis__KeyPrefix"] = keyPrefix,
            // No delay window: the run counts what arrives within its drain time, as before windows existed.
            ["Email__DelaySeconds"] = "0",
            ["Sms__DelaySeconds"] = "0",
            ["Push__DelaySeconds"] = "0",
            ["Messaging__RetryLimit"] = "10",
            ["Messaging__RetryMinIntervalMs"] = "200",
            ["Messaging__RetryMaxIntervalMs"] = "3000",
            ["Messaging__StopTimeoutSeconds"] = "10",
            // Redeliveries 5 s apart at first, at most 20 s: an outage of minutes heals within the drain time.
            ["Messaging__RedeliveryFirstDelaySeconds"] = "5",
            ["Messaging__RedeliveryMaxDelaySeconds"] = "20",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__Smtp__Security"] = "None",
            ["Email__From"] = "notifications@helpdesk.chaos",
            ["Email__FromName"] = "Help desk",
            ["Sms__Twilio__AccountSid"] = "AC00000000000000000000000000000007",
            ["Sms__Twilio__AuthToken"] = "chaos-auth-token-not-secret",
            ["Sms__Twilio__From"] = "+15550000000",
            ["Sms__Twilio__BaseUrl"] = stub,
            ["Sms__RateLimit__PerRecipientPerHour"] = "1000000",
            ["Push__Provider"] = "OneSignal",
            ["Push__OneSignal__AppId"] = "00000000-0000-0000-0000-0000000000c7",
            ["Push__OneSignal__ApiKey"] = "chaos-onesignal-key",
            ["Push__OneSignal__BaseUrl"] = stub,
        };
    }

    /// <summary>The services declare their queues when their bus starts.</summary>
    internal static async Task WaitForQueuesAsync(Uri amqpUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var depth = await QueueDepth.ConnectAsync(amqpUrl);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var queue in WorkQueues)
        {
            while (await depth.OfAsync(queue) < 0)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Queue {queue} was not declared within {timeout.TotalSeconds} s: see the service logs.");
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    internal static async Task PublishDirectoryAsync(IBus bus, ChaosDirectory directory, IConnectionMultiplexer redis, string keyPrefix, CancellationToken cancellationToken)
    {
        await BenchBus.PublishAllAsync(bus, directory.Participants());
        var db = redis.GetDatabase();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; i < directory.Agents; i++)
        {
            while (!await db.KeyExistsAsync($"{keyPrefix}participant:{ChaosDirectory.AgentId(i)}"))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException("The router did not store the directory within 60 s.");
                await Task.Delay(100, cancellationToken);
            }
        }
        Log($"directory stored: {directory.Agents} offline agents with email, phone and an Android device; "
            + $"{directory.LateAgents} more are published during the run, each just before the message assigned to it");
    }

    /// <summary>
    /// Publishes at the configured rate while, at fixed points of the providers' progress (so the senders are
    /// busy when it happens), the chaos steps run: provider faults on and off, SIGKILL of each sender in
    /// CHAOS_KILL (started again 2 s later), and a RabbitMQ stop_app/start_app. Returns what happened when.
    /// </summary>
    private static async Task<List<string>> PublishWithChaosAsync(
        ChaosSettings settings, ChaosDirectory directory, ReliablePublisher publisher, List<ServiceProcess> processes,
        BrokerControl broker, RedisControl redis, FaultInjector faults, Func<int> received, CancellationToken cancellationToken)
    {
        var events = new List<string>();
        void Note(string what)
        {
            var line = $"t+{Clock.Elapsed.TotalSeconds:0.0}s at {100.0 * received() / (settings.Messages * 3):0}% delivered: {what}";
            lock (events)
                events.Add(line);
            Log(line);
        }

        var steps = new List<(double At, Func<Task> Run)>();
        if (settings.FaultPercent > 0)
        {
            steps.Add((0.10, () =>
            {
                faults.Active = true;
                Note($"provider faults on: {settings.FaultPercent} % of SMTP DATA (451) and HTTP requests (503, some 429, rare answers after the 30 s timeout)");
                return Task.CompletedTask;
            }));
            steps.Add((0.50, () =>
            {
                faults.Active = false;
                Note($"provider faults off ({faults.Injected} injected)");
                return Task.CompletedTask;
            }));
        }
        var background = new List<Task>();
        foreach (var (name, k) in settings.Kill.Select((name, k) => (name, k)))
        {
            var process = processes.FirstOrDefault(p => p.Name == name)
                ?? throw new InvalidOperationException($"CHAOS_KILL names an unknown service '{name}' (known: {string.Join(", ", Services)}).");
            steps.Add((0.20 + 0.12 * k, () =>
            {
                background.Add(KillAndRestartAsync(process, Note));
                return Task.CompletedTask;
            }));
        }
        if (settings.BrokerDownSeconds > 0)
        {
            foreach (var at in BrokerRestartPoints(settings.BrokerRestarts))
            {
                steps.Add((at, async () =>
                {
                    // Publishes and acknowledgements in flight fail; publishes are repeated, messages redelivered.
                    Note("RabbitMQ: rabbitmqctl stop_app");
                    await broker.StopAppAsync();
                    await Task.Delay(TimeSpan.FromSeconds(settings.BrokerDownSeconds), cancellationToken);
                    await broker.StartAppAsync();
                    Note($"RabbitMQ: rabbitmqctl start_app ({settings.BrokerDownSeconds} s after stop_app returned)");
                }));
            }
        }
        if (settings.RedisPauseSeconds > 0)
        {
            steps.Add((0.38, async () =>
            {
                // Every service's Redis commands wait, then time out: retried, then redelivered through the ladder.
                await redis.PauseAsync(TimeSpan.FromSeconds(settings.RedisPauseSeconds));
                Note($"Redis: CLIENT PAUSE {settings.RedisPauseSeconds} s ALL");
            }));
        }
        if (settings.ProviderDownSeconds > 0)
        {
            steps.Add((0.47, () =>
            {
                faults.TwilioDown = true;
                Note($"Twilio down: every request answered 503 for {settings.ProviderDownSeconds} s");
                background.Add(Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(settings.ProviderDownSeconds), cancellationToken);
                    faults.TwilioDown = false;
                    Note("Twilio up again");
                }, cancellationToken));
                return Task.CompletedTask;
            }));
        }
        if (settings.RedisRestart)
        {
            steps.Add((0.70, async () =>
            {
                Note("Redis: SHUTDOWN (the append-only file is written)");
                await redis.RestartAsync();
                Note("Redis: started again from its append-only file");
            }));
        }

        var publishing = PublishAllAsync(settings.Messages, settings.Rate, directory, publisher, cancellationToken);
        var expected = settings.Messages * 3;
        var last = 0;
        var stalledSince = DateTime.UtcNow;
        foreach (var (at, run) in steps.OrderBy(s => s.At))
        {
            // A step whose point never comes (progress stalled after publishing ended) runs anyway.
            while (received() < at * expected)
            {
                await Task.Delay(100, cancellationToken);
                var now = received();
                if (now != last)
                {
                    last = now;
                    stalledSince = DateTime.UtcNow;
                }
                if (publishing.IsCompleted && DateTime.UtcNow - stalledSince > TimeSpan.FromSeconds(30))
                    break;
            }
            await run();
        }
        await publishing;
        Log($"published {settings.Messages} messages ({publisher.Republished} publishes repeated after a failure)");
        await Task.WhenAll(background);
        return events;
    }

    /// <summary>One restart at 65 % delivered, as before; several spread from 25 % to 90 %.</summary>
    private static IEnumerable<double> BrokerRestartPoints(int restarts) => restarts switch
    {
        <= 0 => [],
        1 => [0.65],
        _ => Enumerable.Range(0, restarts).Select(r => 0.25 + 0.65 * r / (restarts - 1)),
    };

    internal static async Task PublishAllAsync(int messages, int rate, ChaosDirectory directory, ReliablePublisher publisher, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            await PaceAsync(started, i, rate, cancellationToken);
            // Confirmed before the message is published, so both wait in the router's queue together, in order,
            // and are consumed concurrently: the message may still be decided before its agent is stored.
            if (ChaosDirectory.HasLateAgent(i))
                await publisher.PublishConfirmedAsync(directory.LateParticipant(i), cancellationToken);
            await publisher.PublishAsync(directory.Message(i) with { PostedAt = DateTimeOffset.UtcNow }, cancellationToken);
        }
        await publisher.CompleteAsync();
    }

    private static async Task PaceAsync(Stopwatch started, int index, int rate, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds((double)index / rate) - started.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
            await Task.Delay(wait, cancellationToken);
    }

    private static async Task KillAndRestartAsync(ServiceProcess process, Action<string> note)
    {
        await process.KillAsync();
        note($"SIGKILL {process.Name}");
        await Task.Delay(TimeSpan.FromSeconds(2));
        process.Start();
        note($"{process.Name} started again");
    }

    /// <summary>
    /// Waits until every expected notification arrived and nothing more came for the quiet period, or until the
    /// queues are empty and nothing arrived for three quiet periods, bounded by <paramref name="timeout"/>
    /// (CHAOS_DRAIN_TIMEOUT_SECONDS, or SCALE_DRAIN_TIMEOUT_SECONDS for the scale run).
    /// </summary>
    internal static async Task<bool> DrainAsync(TimeSpan timeout, TimeSpan quiet, Uri amqpUrl, Func<int> received, int expected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = received();
        var lastChange = DateTime.UtcNow;
        var lastReport = DateTime.UtcNow;
        QueueDepth? depth = null;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
                var now = received();
                if (now != last)
                {
                    last = now;
                    lastChange = DateTime.UtcNow;
                }
                var ready = 0L;
                try
                {
                    depth ??= await QueueDepth.ConnectAsync(amqpUrl);
                    foreach (var queue in WorkQueues)
                        ready += Math.Max(0, await depth.OfAsync(queue));
                }
                catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
                {
                    ready = -1;
                    depth = null;
                }
                var idle = DateTime.UtcNow - lastChange;
                if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(10))
                {
                    Log($"draining: {now} of {expected} provider receipts, {ready} messages ready in the work queues");
                    lastReport = DateTime.UtcNow;
                }
                if (ready == 0 && ((now >= expected && idle >= quiet) || idle >= quiet * 3))
                {
                    Log($"drained: {now} provider receipts, queues empty, quiet for {idle.TotalSeconds:0} s");
                    return true;
                }
            }
            Log($"drain timeout after {timeout.TotalSeconds:0} s: comparing what arrived");
            return false;
        }
        finally
        {
            if (depth is not null)
                await depth.DisposeAsync();
        }
    }

    internal static async Task<Dictionary<string, long>> ErrorQueueDepthsAsync(Uri amqpUrl)
    {
        var depths = new Dictionary<string, long>();
        try
        {
            await using var depth = await QueueDepth.ConnectAsync(amqpUrl);
            foreach (var queue in WorkQueues)
                depths[queue + "_error"] = Math.Max(0, await depth.OfAsync(queue + "_error"));
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            Log("could not read the error queues: the broker does not answer");
        }
        return depths;
    }

    /// <summary>Why messages ended in an error queue (their MT-Fault-Message), so a loss explains itself.</summary>
    internal static async Task PrintErrorReasonsAsync(RabbitMqVirtualHost vhost, Dictionary<string, long> errorQueues)
    {
        foreach (var (queue, count) in errorQueues.Where(e => e.Value > 0))
        {
            var messages = await vhost.TakeAsync(queue, 100);
            foreach (var reason in messages.GroupBy(m => m.Headers.GetValueOrDefault("MT-Fault-Message", "no reason")).OrderByDescending(g => g.Count()).Take(5))
                Console.WriteLine($"  {queue}: {reason.Count()} of {count}: {reason.Key}");
        }
    }

    private static void PrintSummary(ChaosSettings settings, List<string> events, IReadOnlyList<ChannelResult> results,
        Dictionary<string, long> errorQueues, bool drained, List<ServiceProcess> processes)
    {
        Console.WriteLine();
        Console.WriteLine($"== chaos summary: {settings} ==");
        foreach (var line in events)
            Console.WriteLine($"  {line}");
        Console.WriteLine($"  service starts: {string.Join(", ", processes.Select(p => $"{p.Name} {p.Starts}"))}");
        // A service that exited by itself (not one this run killed) is a finding of its own: its log says why.
        var exited = processes.Where(p => !p.Running).Select(p => p.Name).ToList();
        if (exited.Count > 0)
            Console.WriteLine($"  EXITED BY ITSELF: {string.Join(", ", exited)} (see its log)");
        Console.WriteLine($"  error queues: {string.Join(", ", errorQueues.Select(e => $"{e.Key} {e.Value}"))}");
        Console.WriteLine($"  drained: {(drained ? "yes" : "no (timeout)")}, elapsed {Clock.Elapsed.TotalSeconds:0} s");
        Console.WriteLine();
        Console.WriteLine(ChaosReport.Table(results));
    }

    private static void Record(string root, ChaosSettings settings, List<string> events, IReadOnlyList<ChannelResult> results,
        Dictionary<string, long> errorQueues, bool passed)
    {
        var path = Path.Combine(root, "docs", "reliability.md");
        var text = new System.Text.StringBuilder();
        text.AppendLine($"\n### Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {(passed ? "passed" : "failed")}\n");
        text.AppendLine($"Machine: {new BenchReport().Machine}. Settings: {settings}.\n");
        foreach (var line in events)
            text.AppendLine($"- {line}");
        text.AppendLine($"- error queues at the end: {string.Join(", ", errorQueues.Select(e => $"`{e.Key}` {e.Value}"))}\n");
        text.AppendLine(ChaosReport.Table(results));
        File.AppendAllText(path, text.ToString());
        Log($"recorded in {Path.GetRelativePath(root, path)}");
    }

    internal static async Task StopQuietlyAsync(Func<Task> stop)
    {
        try
        {
            await stop();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log($"cleanup step failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    internal static void Log(string message) =>
        Console.WriteLine($"[{LogTag} {Clock.Elapsed.TotalSeconds,6:0.0}s] {message}");

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
