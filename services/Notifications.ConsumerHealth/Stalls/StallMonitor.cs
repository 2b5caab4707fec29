using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.ConsumerHealth;

/// <summary>
/// Judges the receive endpoints every <see cref="StallOptions.StallCheckSeconds"/>: a stall that begins is logged
/// once (warning), counted, and healed once by restarting its endpoint (when <see cref="StallOptions.StallRestartEndpoint"/>);
/// one that ends is logged (information). The health checks judge on their own, so they never wait for this.
/// </summary>
public sealed class StallMonitor(ConsumerStallDetector detector, StalledEndpointRestart restart, IOptions<StallOptions> options,
    TimeProvider time, ILogger<StallMonitor> logger) : BackgroundService
{
    // The stalls in progress and when each began; only this loop reads or writes it.
    private readonly Dictionary<string, Episode> episodes = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Review(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var queue in episodes.Keys)
                StallMetrics.Ended(queue);
            episodes.Clear();
        }
    }

    private void Review(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var stalls = detector.Stalls().ToDictionary(stall => stall.Queue, StringComparer.Ordinal);
        foreach (var stall in stalls.Values)
        {
            if (!episodes.TryGetValue(stall.Queue, out var episode))
            {
                episodes[stall.Queue] = episode = new Episode(now - stall.Quiet);
                StallMetrics.Began(stall.Queue);
                logger.LogWarning("Consumer stall on {Queue}: {Ready} message(s) ready and none completed for {QuietSeconds} s ({InFlight} in flight); " +
                    "not ready until it makes progress, not live after {LiveSeconds} s",
                    stall.Queue, stall.Ready, (int)stall.Quiet.TotalSeconds, stall.InFlight, options.Value.StallLiveSeconds);
                if (options.Value.StallRestartEndpoint)
                    restart.Begin(stall.Queue, stoppingToken);
            }
            if (stall.PastLiveness && !episode.LivenessReported)
            {
                episode.LivenessReported = true;
                logger.LogError("Consumer stall on {Queue} has lasted {QuietSeconds} s: /health/live fails so the process is restarted",
                    stall.Queue, (int)stall.Quiet.TotalSeconds);
            }
        }
        foreach (var (queue, episode) in episodes.Where(e => !stalls.ContainsKey(e.Key)).ToList())
        {
            episodes.Remove(queue);
            StallMetrics.Ended(queue);
            logger.LogInformation("Consumer stall on {Queue} ended after {Seconds} s", queue, (int)(now - episode.QuietSince).TotalSeconds);
        }
    }

    private sealed class Episode(DateTimeOffset quietSince)
    {
        public DateTimeOffset QuietSince { get; } = quietSince;
        public bool LivenessReported { get; set; }
    }
}
