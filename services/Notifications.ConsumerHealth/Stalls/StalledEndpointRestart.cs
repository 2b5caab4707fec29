using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.ConsumerHealth;

/// <summary>
/// The in-process heal: stops a stalled receive endpoint and starts it again, as MassTransit's kill switch does.
/// Stopping gives in-flight messages the consumer stop timeout, then cancels their tokens; what they held unacked is
/// redelivered on the new consumer (the delivery ledger keeps a sent notification from being sent twice). When the
/// cause is outside the endpoint (a hung task that ignores its token), the stall outlives this, and liveness
/// restarts the pod.
/// Never once the service is stopping: the bus stops every endpoint itself then, and an endpoint started while the
/// bus stops waits for a connection that is going away, which keeps the bus (and the process) from ever stopping.
/// </summary>
public sealed class StalledEndpointRestart(ConsumerStallDetector detector, IOptions<MessagingOptions> messaging,
    IHostApplicationLifetime lifetime, ILogger<StalledEndpointRestart> logger)
{
    /// <summary>Starts the restart in the background; false when the endpoint is unknown or already restarting, or the
    /// service is stopping.</summary>
    public bool Begin(string queue, CancellationToken stoppingToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested || !detector.TryBeginRestart(queue, out var endpoint))
            return false;
        _ = Task.Run(() => RestartAsync(queue, endpoint, stoppingToken), CancellationToken.None);
        return true;
    }

    private async Task RestartAsync(string queue, MassTransit.IReceiveEndpoint endpoint, CancellationToken monitorStopping)
    {
        // The host's stopping signal comes before any hosted service stops (the monitor stops only after the bus).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(monitorStopping, lifetime.ApplicationStopping);
        var stoppingToken = linked.Token;
        // The stop waits for in-flight messages up to the consumer stop timeout (a part of this).
        var limit = TimeSpan.FromSeconds(messaging.Value.StopTimeoutSeconds) + BusRegistration.ShutdownMargin;
        try
        {
            logger.LogWarning("Restarting the stalled receive endpoint {Queue}; its in-flight messages are cancelled if they do not finish, and redelivered", queue);
            using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                stopping.CancelAfter(limit);
                await endpoint.Stop(stopping.Token);
            }
            // The service began stopping while this endpoint stopped: leave it stopped for the bus to finish.
            stoppingToken.ThrowIfCancellationRequested();
            var handle = endpoint.Start();
            await handle.Ready.WaitAsync(limit, stoppingToken);
            StallMetrics.Restarted(queue, succeeded: true);
            logger.LogInformation("The receive endpoint {Queue} was restarted and consumes again", queue);
        }
        catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
        {
            StallMetrics.Restarted(queue, succeeded: false);
            logger.LogWarning("The stalled receive endpoint {Queue} could not be restarted ({Error}: {Reason}); /health/live fails if the stall lasts",
                queue, failure.GetType().Name, failure.Message);
        }
        catch (Exception)
        {
            // The service is stopping (the only case left): its own shutdown stops the endpoint.
        }
        finally
        {
            detector.RestartEnded(queue);
        }
    }
}
