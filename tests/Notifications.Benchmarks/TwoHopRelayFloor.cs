using System.Collections.Concurrent;
using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>
/// The fewest broker hops the product's shape allows, with nothing else: the platform publishes the chat message,
/// a do-nothing "router" (its own connection, as the service has) sends one email command, a do-nothing "sender"
/// (its own connection) takes it, notes the latency from <c>postedAt</c> and publishes its delivery result, as
/// every sender must. Published at the same rate as the pipeline, it is the floor under the pipeline's latency
/// on this machine: the broker and MassTransit work of one notification, with no Redis, rules, MIME or SMTP.
/// </summary>
public static class TwoHopRelayFloor
{
    private const string RouterQueue = "bench-relay-router";
    private const string SenderQueue = "bench-relay-sender";

    public static async Task<(List<double> Latencies, List<double> AfterWarmUp, double DeliveryRate, double CpuMsPerEmail)> MeasureAsync(TestEnvironment environment, int rate, int total)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var latencies = new ConcurrentQueue<(DateTimeOffset PostedAt, double Ms)>();
        var countdown = new ConsumeCountdown(total);
        var firstPublish = DateTimeOffset.MaxValue;
        var lastReceived = DateTimeOffset.MinValue;
        var senderAddress = new Uri($"queue:{SenderQueue}");

        var sender = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint(SenderQueue, endpoint =>
            endpoint.Handler<SendEmail>(async context =>
            {
                var now = DateTimeOffset.UtcNow;
                latencies.Enqueue((context.Message.Message.PostedAt, (now - context.Message.Message.PostedAt).TotalMilliseconds));
                lastReceived = now;
                await context.Publish(new NotificationDelivered
                {
                    NotificationId = context.Message.NotificationId,
                    Channel = Channels.Email,
                    RecipientId = context.Message.Recipient.Id,
                    ConversationId = context.Message.Message.ConversationId,
                    MessageId = context.Message.Message.MessageId,
                    Provider = "smtp",
                    DeliveredAt = now,
                });
                countdown.Signal();
            })));
        var router = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint(RouterQueue, endpoint =>
            endpoint.Handler<MessagePosted>(async context =>
            {
                var endpoint = await context.GetSendEndpoint(senderAddress);
                await endpoint.Send(RelayCeiling.Command(context.Message, 0), context.CancellationToken);
            })));
        var platform = BenchBus.Create(vhost.AmqpUrl);
        await sender.StartAsync();
        await router.StartAsync();
        await platform.StartAsync();
        double cpuPerEmail;
        try
        {
            var cpu = new MachineCpu();
            firstPublish = DateTimeOffset.UtcNow;
            await EndToEndLatencyBench.PublishAtRateAsync(platform, rate, total, i => EndToEndLatencyBench.Message(i, "relay"));
            await countdown.Done.WaitAsync(TimeSpan.FromMinutes(5));
            cpuPerEmail = cpu.MillisecondsPer(total);
        }
        finally
        {
            await platform.StopAsync();
            await router.StopAsync();
            await sender.StopAsync();
        }
        var warmedUpFrom = firstPublish + EndToEndLatencyBench.WarmUp;
        return (latencies.Select(l => l.Ms).ToList(),
            latencies.Where(l => l.PostedAt >= warmedUpFrom).Select(l => l.Ms).ToList(),
            total / (lastReceived - firstPublish).TotalSeconds,
            cpuPerEmail);
    }
}
