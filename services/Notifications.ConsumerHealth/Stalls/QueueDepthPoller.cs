using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Notifications.ConsumerHealth;

/// <summary>
/// Reads the ready count of every queue the bus consumes from, every <see cref="StallOptions.StallCheckSeconds"/>,
/// through a connection of its own (a passive declare: nothing is created). MassTransit's view cannot tell a queue
/// that waits from one that is empty, and a stalled consumer's own connection may be the broken part.
/// While the broker cannot be reached the depths are unknown, and unknown is never a stall.
/// </summary>
public sealed class QueueDepthPoller(ConsumerStallDetector detector, IOptions<StallOptions> options, IConfiguration configuration,
    IHostEnvironment environment, TimeProvider time, ILogger<QueueDepthPoller> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BrokerRetry.UntilDoneAsync(PollUntilBrokerFailsAsync,
            failure => logger.LogWarning("Queue depths could not be read ({Reason}); consumer stalls are not judged until they can be; retrying every {Delay} s",
                failure.Message, (int)BrokerRetry.MaxDelay.TotalSeconds),
            stoppingToken);

    private async Task<bool> PollUntilBrokerFailsAsync(CancellationToken stoppingToken)
    {
        var factory = RabbitMqConnection.Parse(configuration[RabbitMqConnection.ConfigurationKey])
            .ToConnectionFactory(environment.ApplicationName + " (queue depths)");
        try
        {
            // A service without consumers (the gateway, the admin service) never opens the connection.
            while (detector.WatchedQueues().Count == 0)
                await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
            await using var connection = await factory.CreateConnectionAsync(stoppingToken);
            IChannel? channel = null;
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    foreach (var queue in detector.WatchedQueues())
                    {
                        channel ??= await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                        try
                        {
                            var declared = await channel.QueueDeclarePassiveAsync(queue, stoppingToken);
                            detector.DepthObserved(queue, declared.MessageCount);
                        }
                        catch (OperationInterruptedException) when (connection.IsOpen)
                        {
                            // The queue is gone (the broker closed this channel with 404): nothing waits in it.
                            detector.DepthUnknown(queue);
                            await channel.DisposeAsync();
                            channel = null;
                        }
                    }
                    await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
                }
            }
            finally
            {
                if (channel is not null)
                    await channel.DisposeAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch
        {
            foreach (var queue in detector.WatchedQueues())
                detector.DepthUnknown(queue);
            throw;
        }
        return true;
    }
}
