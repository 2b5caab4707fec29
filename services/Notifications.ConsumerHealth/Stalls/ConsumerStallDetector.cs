using MassTransit;
using Microsoft.Extensions.Options;

namespace Notifications.ConsumerHealth;

/// <summary>
/// What is known of each receive queue of this service (told by the bus's observers and the depth poller) and which
/// of them are stalled now (<see cref="StallRule"/>). Queues are named as the broker names them (<c>send-push</c>).
/// </summary>
public sealed class ConsumerStallDetector(TimeProvider time, IOptions<StallOptions> options, ConsumerPauses pauses)
{
    private readonly object gate = new();
    private readonly Dictionary<string, QueueProgress> queues = new(StringComparer.Ordinal);

    /// <summary>The endpoint consumes (first start, back after a stop, or after its transport reconnected).</summary>
    public void EndpointReady(string queue, IReceiveEndpoint? endpoint = null)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var progress = ProgressOf(queue);
            // A reconnect or this detector's own restart does not start the clock again: a stall that outlives
            // them must still reach liveness.
            if (!progress.Watched || progress.StoppedDeliberately)
                progress.ProgressSince = now;
            progress.Watched = true;
            progress.StoppedDeliberately = false;
            progress.Endpoint = endpoint ?? progress.Endpoint;
        }
    }

    /// <summary>The endpoint is being stopped: on purpose, unless this detector is restarting it.</summary>
    public void EndpointStopping(string queue)
    {
        lock (gate)
        {
            var progress = ProgressOf(queue);
            if (!progress.Restarting)
                progress.StoppedDeliberately = true;
        }
    }

    public void MessageStarted(string queue)
    {
        lock (gate)
            ProgressOf(queue).InFlight++;
    }

    /// <summary>A consumer finished a message, or threw on it: either way the endpoint makes progress.</summary>
    public void MessageFinished(string queue)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var progress = ProgressOf(queue);
            progress.InFlight = Math.Max(0, progress.InFlight - 1);
            progress.ProgressSince = now;
        }
    }

    /// <summary>The broker's count of messages ready (not delivered to any consumer) in the queue.</summary>
    public void DepthObserved(string queue, uint ready)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var progress = ProgressOf(queue);
            var wasUnknown = progress.Ready is null || now - progress.ReadyObservedAt > options.Value.DepthMaxAge;
            // A backlog that just appeared (or reappeared after the broker was away) owes no completion yet.
            if (ready > 0 && (wasUnknown || progress.Ready == 0) && progress.ProgressSince < now)
                progress.ProgressSince = now;
            progress.Ready = ready;
            progress.ReadyObservedAt = now;
        }
    }

    /// <summary>The queue's depth could not be read (broker unreachable, queue gone): no stall is judged on it.</summary>
    public void DepthUnknown(string queue)
    {
        lock (gate)
            ProgressOf(queue).Ready = null;
    }

    /// <summary>The queues the bus consumes from, to be polled.</summary>
    public IReadOnlyList<string> WatchedQueues()
    {
        lock (gate)
            return queues.Where(q => q.Value.Watched).Select(q => q.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The endpoints stalled now.</summary>
    public IReadOnlyList<ConsumerStall> Stalls()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return queues
                .Select(q => StallRule.Judge(q.Key, q.Value, pauses.StateOf(q.Key), now, options.Value))
                .OfType<ConsumerStall>()
                .OrderBy(stall => stall.Queue, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Marks the endpoint as being restarted by the detector and hands it out; false when it is not known.</summary>
    public bool TryBeginRestart(string queue, out IReceiveEndpoint endpoint)
    {
        lock (gate)
        {
            endpoint = null!;
            if (!queues.TryGetValue(queue, out var progress) || progress.Endpoint is null || progress.Restarting)
                return false;
            progress.Restarting = true;
            endpoint = progress.Endpoint;
            return true;
        }
    }

    /// <summary>Whether the detector itself is restarting the endpoint (so its stop is no kill switch).</summary>
    public bool IsRestarting(string queue)
    {
        lock (gate)
            return queues.TryGetValue(queue, out var progress) && progress.Restarting;
    }

    public void RestartEnded(string queue)
    {
        lock (gate)
            ProgressOf(queue).Restarting = false;
    }

    private QueueProgress ProgressOf(string queue)
    {
        if (!queues.TryGetValue(queue, out var progress))
            queues[queue] = progress = new QueueProgress { ProgressSince = time.GetUtcNow() };
        return progress;
    }
}
