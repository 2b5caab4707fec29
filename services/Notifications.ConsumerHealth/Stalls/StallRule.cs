namespace Notifications.ConsumerHealth;

/// <summary>
/// The stall rule: messages ready in the queue (by the broker's count, recent enough to trust), none completed for
/// <see cref="StallOptions.ReadyAfter"/>, the endpoint not stopped on purpose and no declared pause in effect.
/// A message in flight for long is no completion: a hung consumer is the case this is for.
/// </summary>
internal static class StallRule
{
    public static ConsumerStall? Judge(string queue, QueueProgress progress, PauseState? pause, DateTimeOffset now, StallOptions options)
    {
        if (!progress.Watched || progress.StoppedDeliberately || pause is { Active: true })
            return null;
        // Unknown or stale: the broker is not answering, which the bus's own health check reports.
        if (progress.Ready is not { } ready || ready == 0 || now - progress.ReadyObservedAt > options.DepthMaxAge)
            return null;

        var since = pause is null || pause.EndedAt < progress.ProgressSince ? progress.ProgressSince : pause.EndedAt;
        var quiet = now - since;
        if (quiet < options.ReadyAfter)
            return null;
        return new ConsumerStall(queue, ready, quiet, progress.InFlight, PastLiveness: quiet >= options.LiveAfter);
    }
}
