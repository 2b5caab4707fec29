using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// One run of the delay-window phase on a vhost and Redis prefix of its own: the real router (and, for the runs that
/// send, the real email sender with a real SMTP sink), a platform bus that publishes the load and listens to every
/// outcome the services publish. Disposing it stops the services and removes the vhost (with the delay ladder and what
/// it holds) and every key under the prefix.
/// </summary>
public sealed class DelayWindowRun : IAsyncDisposable
{
    private readonly RabbitMqVirtualHost vhost;
    private readonly WebApplication router;
    private readonly WebApplication? email;
    private readonly IBusControl platform;

    private DelayWindowRun(RabbitMqVirtualHost vhost, ConnectionMultiplexer redis, string keyPrefix, WebApplication router,
        WebApplication? email, TimingSmtpSink? sink, IBusControl platform, QueueDepth depth, ConsumeCountdown consumed, RouterFaults faults, ConcurrentQueue<Outcome> outcomes)
    {
        this.vhost = vhost;
        Redis = redis;
        KeyPrefix = keyPrefix;
        this.router = router;
        this.email = email;
        Sink = sink;
        this.platform = platform;
        Depth = depth;
        Consumed = consumed;
        Faults = faults;
        Outcomes = outcomes;
    }

    public ConnectionMultiplexer Redis { get; }

    public string KeyPrefix { get; }

    /// <summary>Null when the run has no email sender (a hold whose window outlasts it sends nothing).</summary>
    public TimingSmtpSink? Sink { get; }

    public QueueDepth Depth { get; }

    /// <summary>Chat messages and ConversationSeen the router has fully consumed.</summary>
    public ConsumeCountdown Consumed { get; }

    public RouterFaults Faults { get; }

    /// <summary>Every NotificationDelivered, NotificationSuppressed and NotificationFailed, as the platform received it.</summary>
    public ConcurrentQueue<Outcome> Outcomes { get; }

    public sealed record Outcome(string NotificationId, string Kind, string ConversationId, DateTimeOffset ReceivedAt);

    public static async Task<DelayWindowRun> StartAsync(TestEnvironment environment, int windowSeconds, long expectedConsumed, bool withEmailSender)
    {
        var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        // As long as the default prefix ("notifications:", 14 characters): MEMORY USAGE counts the key names, so the
        // bytes per pending notification are those of a production key.
        var keyPrefix = $"bench{Guid.NewGuid().ToString("N")[..8]}:";
        // Admin mode for INFO and the key scan; the services have their own connections.
        var options = ConfigurationOptions.Parse(environment.RedisConfiguration);
        options.AllowAdmin = true;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var sink = withEmailSender ? new TimingSmtpSink() : null;
        var configuration = BenchConfiguration.For(vhost, environment, keyPrefix, prefetch: 32);
        configuration["Email:DelaySeconds"] = windowSeconds.ToString();
        if (sink is not null)
        {
            configuration["Email:Smtp:Host"] = "127.0.0.1";
            configuration["Email:Smtp:Port"] = sink.Port.ToString();
            configuration["Email:Smtp:Security"] = "None";
            configuration["Email:Smtp:MaxConnections"] = "8";
            configuration["Email:From"] = "bench@helpdesk.bench";
        }

        var consumed = new ConsumeCountdown(expectedConsumed);
        var faults = new RouterFaults();
        var outcomes = new ConcurrentQueue<Outcome>();
        // The platform listens before any service starts, so no outcome is published to an exchange nobody is bound to.
        var platform = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint("bench-window-outcomes", endpoint =>
        {
            endpoint.PrefetchCount = 200;
            endpoint.Handler<NotificationDelivered>(c => Note(outcomes, c.Message.NotificationId, "delivered", c.Message.ConversationId));
            endpoint.Handler<NotificationSuppressed>(c => Note(outcomes, c.Message.NotificationId, $"suppressed:{c.Message.Reason}", c.Message.ConversationId));
            endpoint.Handler<NotificationFailed>(c => Note(outcomes, c.Message.NotificationId, "failed", c.Message.ConversationId));
        }));
        await platform.StartAsync();

        var router = await ServiceHost.StartAsync("Notifications.Router", builder =>
        {
            builder.Services.AddSingleton(consumed);
            builder.Services.AddSingleton(faults);
            builder.Services.AddConsumeObserver<ChatEventCounter>();
            return RouterHost.Build(builder);
        }, configuration);
        var emailSender = sink is null ? null : await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        var depth = await QueueDepth.ConnectAsync(vhost.AmqpUrl);

        await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
        return new DelayWindowRun(vhost, redis, keyPrefix, router, emailSender, sink, platform, depth, consumed, faults, outcomes);
    }

    /// <summary>The router's queue may hold this many events before the platform waits: a saturating load, bounded.</summary>
    public const int SaturatingBacklog = 20_000;

    /// <summary>
    /// A backlog the router clears within a second or two: the windows' notes come back to the router's one queue, behind
    /// whatever waits there, so a measure of the release itself must not keep the queue full.
    /// </summary>
    public const int PacedBacklog = 200;

    /// <summary>
    /// Publishes the events (concurrently, confirms awaited together, as the other phases do), waiting whenever the
    /// router's queue holds more than <paramref name="backlog"/>, and returns the router's rate in chat messages per
    /// second: from the first publish until it consumed every event of the load.
    /// </summary>
    public async Task<double> PublishAndTimeAsync(DelayWindowLoad load, TimeSpan limit, int backlog = SaturatingBacklog)
    {
        var clock = Stopwatch.StartNew();
        var window = Math.Min(512, backlog);
        var inFlight = new List<Task>(window);
        foreach (var message in load.Events())
        {
            inFlight.Add(platform.Publish(message));
            if (inFlight.Count == window)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
                // Keep the router's backlog bounded, as a live platform would (and the broker's memory with it).
                while (await Depth.OfAsync(QueueNames.Router) > backlog)
                    await Task.Delay(20);
            }
        }
        await Task.WhenAll(inFlight);
        if (await Task.WhenAny(Consumed.Done, Task.Delay(limit)) != Consumed.Done)
            throw new TimeoutException($"The router consumed {Consumed.Consumed:N0} of the load's {load.Messages + load.SeenEvents:N0} events within {limit.TotalSeconds:0} s ({Faults.Count} consume faults).");
        return load.Messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The notes waiting on the delay ladder of this vhost: every level's queue, of either queue type.</summary>
    public async Task<long> LadderMessagesAsync()
    {
        long total = 0;
        foreach (var ladder in new[] { new DelayLadder(Quorum: false), new DelayLadder(Quorum: true) })
            for (var level = 0; level < DelayLevels.Count; level++)
                total += Math.Max(0, await Depth.OfAsync(ladder.LevelName(level)));
        return total;
    }

    /// <summary>The router's own count of what waits in the email windows (<c>window-pending:email</c>).</summary>
    /// <returns>Null when there is no such key.</returns>
    public async Task<long?> PendingInRedisAsync() =>
        (long?)await Redis.GetDatabase().StringGetAsync($"{KeyPrefix}window-pending:{Channels.Email}");

    /// <summary>The JSON of one pending notification as stored (a field <c>n:{id}</c> of a window hash), or null.</summary>
    /// <summary>One pending notification as Redis holds it (zlib-compressed JSON, or plain JSON as older versions stored it), and its JSON's length.</summary>
    public async Task<(int StoredBytes, int JsonBytes)?> OneStoredNotificationAsync()
    {
        await foreach (var key in Redis.GetServers()[0].KeysAsync(pattern: $"{KeyPrefix}window:*", pageSize: 100))
        {
            foreach (var field in await Redis.GetDatabase().HashGetAllAsync(key))
                if (((string)field.Name!).StartsWith("n:", StringComparison.Ordinal))
                {
                    var stored = (byte[])field.Value!;
                    if (stored.Length > 0 && stored[0] == (byte)'{')
                        return (stored.Length, stored.Length);
                    using var json = new MemoryStream();
                    await new System.IO.Compression.ZLibStream(new MemoryStream(stored), System.IO.Compression.CompressionMode.Decompress).CopyToAsync(json);
                    return (stored.Length, (int)json.Length);
                }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await platform.StopAsync();
            await ServiceHost.StopAllAsync(new[] { router, email });
        }
        finally
        {
            await Depth.DisposeAsync();
            if (Sink is not null)
                await Sink.DisposeAsync();
            await vhost.DisposeAsync();
            await RedisTestKeys.DeleteAllAsync(Redis, KeyPrefix);
            await Redis.DisposeAsync();
        }
    }

    private static Task Note(ConcurrentQueue<Outcome> outcomes, string notificationId, string kind, string conversationId)
    {
        outcomes.Enqueue(new Outcome(notificationId, kind, conversationId, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }

    /// <summary>Consume faults of the router (a fault keeps the count short: the phase says so instead of waiting forever).</summary>
    public sealed class RouterFaults
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Add() => Interlocked.Increment(ref count);
    }

    /// <summary>Counts the chat messages and ConversationSeen the router consumed to the end (holds, sends and all).</summary>
    private sealed class ChatEventCounter(ConsumeCountdown consumed, RouterFaults faults) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is MessagePosted or ConversationSeen)
                consumed.Signal();
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            if (context.Message is MessagePosted or ConversationSeen)
                faults.Add();
            return Task.CompletedTask;
        }
    }
}
