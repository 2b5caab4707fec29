using System.Globalization;
using MassTransit;
using Notifications.Benchmarks;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static Notifications.Chaos.ChaosRun;

namespace Notifications.Chaos;

/// <summary>
/// <c>make scale</c>: two instances each of the router, the email sender and the SMS sender (one push sender) as
/// processes from the Release build, against one broker and one Redis, with the same SMTP sink and Twilio/OneSignal
/// stubs as <c>make chaos</c> (no faults injected). Chat messages are published at a steady rate; during publishing
/// one instance of each pair is killed with SIGKILL (router at 30 %, email sender at 45 %, SMS sender at 60 % of the
/// publishing time). Then it waits for the queues to drain and shows: every email, SMS and push arrived exactly
/// once (an email re-sent after its sender's SIGKILL reported apart, <see cref="ScaleReport.ResentAfterKill"/>); the
/// busiest sliding second of Twilio requests (both SMS senders together) against <c>Sms:Twilio:MaxPerSecond</c>;
/// the survivors kept consuming after their twin's kill; each instance's own count and rate.
/// Exit code: 0 when all of that holds, 1 otherwise, 2 when the run itself failed.
/// </summary>
public static class ScaleRun
{
    private static readonly (string Service, string Queue, bool CountsDeliveries, int Instances)[] Layout =
    [
        ("Router", "notifications-router", false, 2),
        ("EmailSender", "send-email", true, 2),
        ("SmsSender", "send-sms", true, 2),
        ("PushSender", "send-push", true, 1),
    ];

    /// <summary>When, as a share of the publishing time, the first instance of each pair is killed.</summary>
    private static readonly (string Label, double At)[] Kills = [("Router-1", 0.30), ("EmailSender-1", 0.45), ("SmsSender-1", 0.60)];

    public static async Task<int> RunAsync()
    {
        var settings = ScaleSettings.FromEnvironment();
        using var start = RunStart.Begin("scale", settings);
        var (runId, root, logDirectory, cancel) = (start.RunId, start.Root, start.LogDirectory, start.Cancel);

        await using var environment = await TestEnvironment.StartAsync();
        await using var smtp = new TimingSmtpSink();
        await using var providers = await ProviderStub.StartAsync(new FaultInjector(0));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var keyPrefix = $"scale-{runId}:";
        var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var instances = new List<ScaleInstance>();
        BrokerConsumerCounts? counts = null;
        IBusControl? platform = null;
        try
        {
            var variables = ChaosRun.ServiceEnvironment(vhost, environment, keyPrefix, smtp, providers);
            variables["Sms__Twilio__MaxPerSecond"] = settings.TwilioMaxPerSecond.ToString(CultureInfo.InvariantCulture);
            // Each sender's own count: it logs every notification a provider accepted (ids only, no personal data).
            variables["Logging__LogLevel__Notifications.Delivery.NotificationDelivery"] = "Information";
            foreach (var (service, queue, countsDeliveries, count) in Layout)
            {
                for (var n = 1; n <= count; n++)
                {
                    var label = count > 1 ? $"{service}-{n}" : service;
                    instances.Add(new ScaleInstance(new ServiceProcess(root, service, variables, logDirectory, label), queue, countsDeliveries));
                }
            }
            foreach (var instance in instances)
                instance.Start(Clock.Elapsed.TotalSeconds);
            await WaitForQueuesAsync(vhost.AmqpUrl, TimeSpan.FromSeconds(90), cancel.Token);
            counts = new BrokerConsumerCounts(environment.RabbitMqManagementUrl, environment.RabbitMqUrl, vhost.Name);
            await WaitForEveryConsumerAsync(counts, instances, cancel.Token);
            Log($"{instances.Count} service processes consume their queues: {string.Join(", ", instances.Select(i => i.Label))}");

            platform = BenchBus.Create(vhost.AmqpUrl);
            await platform.StartAsync(cancel.Token);
            var directory = new ChaosDirectory(runId, settings.Agents, settings.Messages);
            await PublishDirectoryAsync(platform, directory, redis, keyPrefix, cancel.Token);

            var publisher = new ReliablePublisher(platform);
            int Received() => smtp.Received.Count + providers.Sms.Count + providers.Pushes.Count;
            var events = new List<string>();
            var publishedAt = Clock.Elapsed.TotalSeconds;
            var publishing = PublishAllAsync(settings.Messages, settings.Rate, directory, publisher, cancel.Token);
            var killing = KillDuringPublishingAsync(settings, instances, counts, events, cancel.Token);
            await publishing;
            Log($"published {settings.Messages} messages in {Clock.Elapsed.TotalSeconds - publishedAt:0} s ({publisher.Republished} publishes repeated after a failure)");
            await killing;

            var drained = await DrainAsync(TimeSpan.FromSeconds(settings.DrainTimeoutSeconds), TimeSpan.FromSeconds(settings.QuietSeconds),
                vhost.AmqpUrl, Received, settings.Messages * 3, cancel.Token);
            var lastReceiptAt = Clock.Elapsed.TotalSeconds - (DateTimeOffset.UtcNow - LastReceipt(smtp, providers)).TotalSeconds;
            // The broker refreshes its statistics every 5 s: wait for the last acknowledgements to be counted.
            await Task.Delay(TimeSpan.FromSeconds(6), cancel.Token);
            await counts.SampleNowAsync();

            var report = new ScaleReport(settings, directory, smtp, providers, instances, counts, publishedAt, lastReceiptAt);
            await File.WriteAllLinesAsync(Path.Combine(logDirectory, "twilio-arrivals.txt"),
                report.TwilioArrivals.Select(t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
            var errorQueues = await ErrorQueueDepthsAsync(vhost.AmqpUrl);
            var table = report.Render(events, errorQueues, drained);
            Console.WriteLine();
            Console.WriteLine(table);
            await PrintErrorReasonsAsync(vhost, errorQueues);
            var passed = report.Passed && errorQueues.Values.All(depth => depth == 0);
            if (Environment.GetEnvironmentVariable("SCALE_RECORD") is "1" or "true")
                Record(root, settings, table, passed);
            Console.WriteLine(passed
                ? "SCALE PASSED: every notification arrived exactly once (but for emails re-sent after a kill, reported), the shared Twilio limit held in every sliding second, the survivors carried on after the kills."
                : "SCALE FAILED: see the tables above.");
            return passed ? 0 : 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"scale run failed: {ex}");
            return 2;
        }
        finally
        {
            if (counts is not null)
                await counts.DisposeAsync();
            if (platform is not null)
                await StopQuietlyAsync(() => platform.StopAsync(CancellationToken.None));
            foreach (var instance in instances)
                await instance.Process.DisposeAsync();
            await StopQuietlyAsync(() => vhost.DisposeAsync().AsTask());
            await StopQuietlyAsync(() => RedisTestKeys.DeleteAllAsync(redis, keyPrefix));
            Log($"cleaned up: service processes stopped, vhost {vhost.Name} and Redis keys {keyPrefix}* deleted");
        }
    }

    /// <summary>Both instances of a pair must consume before the load starts, or one would only be a spare.</summary>
    private static async Task WaitForEveryConsumerAsync(BrokerConsumerCounts counts, List<ScaleInstance> instances, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        foreach (var instance in instances)
        {
            while (!(await counts.ConsumingProcessesAsync(instance.Queue)).Contains(instance.Process.ProcessId!.Value))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{instance.Label} does not consume {instance.Queue} after 90 s: see its log.");
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    /// <summary>SIGKILL to the first instance of each pair at its point of the publishing time; started again 2 s later with SCALE_RESTART=1.</summary>
    private static async Task KillDuringPublishingAsync(ScaleSettings settings, List<ScaleInstance> instances, BrokerConsumerCounts counts,
        List<string> events, CancellationToken cancellationToken)
    {
        var start = Clock.Elapsed.TotalSeconds;
        foreach (var (label, at) in Kills)
        {
            var wait = start + at * settings.Seconds - Clock.Elapsed.TotalSeconds;
            if (wait > 0)
                await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            var victim = instances.Single(i => i.Label == label);
            var twin = instances.Single(i => i.Queue == victim.Queue && i != victim);
            // Its connections, so an email it sent just before the kill can be told by the port it came from.
            victim.PortsAtKill = ProcessTcpPorts.Of(victim.Process.ProcessId!.Value);
            // The time the signal is sent: what was sent twice is set beside it, to the millisecond.
            victim.KilledAt = Clock.Elapsed.TotalSeconds;
            await victim.Process.KillAsync();
            await counts.SampleNowAsync();
            victim.TwinCountAtKill = twin.OwnCount(counts);
            Note(events, victim.KilledAt.Value, $"SIGKILL {label} (process {victim.Process.ProcessId}); {twin.Label} had handled {victim.TwinCountAtKill} by its own count");
            if (settings.Restart)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                victim.Start(Clock.Elapsed.TotalSeconds);
                Note(events, Clock.Elapsed.TotalSeconds, $"{label} started again as process {victim.Process.ProcessId}");
            }
        }
    }

    private static void Note(List<string> events, double at, string what)
    {
        var line = $"t+{at:0.000}s: {what}";
        events.Add(line);
        Log(line);
    }

    private static DateTimeOffset LastReceipt(TimingSmtpSink smtp, ProviderStub providers)
    {
        var times = smtp.Received.Select(r => r.ReceivedAt).Concat(providers.TwilioRequestTimes).ToList();
        return times.Count == 0 ? DateTimeOffset.UtcNow : times.Max();
    }

    private static void Record(string root, ScaleSettings settings, string table, bool passed)
    {
        var path = Path.Combine(root, "docs", "scaling.md");
        var text = new System.Text.StringBuilder();
        text.AppendLine($"\n### Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {(passed ? "passed" : "failed")}\n");
        text.AppendLine($"Machine: {new BenchReport().Machine}. Settings: {settings}.\n");
        text.AppendLine(table);
        File.AppendAllText(path, text.ToString());
        Log($"recorded in {Path.GetRelativePath(root, path)}");
    }
}
