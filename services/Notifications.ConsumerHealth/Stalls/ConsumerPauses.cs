namespace Notifications.ConsumerHealth;

/// <summary>A pause in effect for a queue, or the time the last one ended.</summary>
/// <param name="Active">A pause holds now: the queue is idle by the service's own choice.</param>
/// <param name="EndedAt">When the last pause ended (now while one is active): the stall clock starts no earlier.</param>
/// <param name="Reason">Why the active pause holds; null when none does.</param>
public sealed record PauseState(bool Active, DateTimeOffset EndedAt, string? Reason);

/// <summary>
/// Where a component says it keeps a queue's consumer idle on purpose (a provider's Retry-After, a hold), so the
/// stall detector does not read the quiet as a stall: <c>using var _ = pauses.Pause(queue, reason)</c> for as long
/// as a scope runs, or <see cref="PauseUntil"/> for a known end. <see cref="AllQueues"/> pauses every queue of the
/// service, for a component that cannot tell which queue it works for.
/// </summary>
public sealed class ConsumerPauses(TimeProvider time)
{
    public const string AllQueues = "*";

    private readonly object gate = new();
    private readonly List<PauseEntry> pauses = [];
    private readonly Dictionary<string, DateTimeOffset> lastEnded = new(StringComparer.Ordinal);

    /// <summary>Pauses <paramref name="queue"/> until the result is disposed.</summary>
    public IDisposable Pause(string queue, string reason)
    {
        var entry = new PauseEntry(queue, reason, until: null);
        lock (gate)
            pauses.Add(entry);
        return new Release(this, entry);
    }

    /// <summary>Pauses <paramref name="queue"/> until <paramref name="until"/>; a later call may extend it.</summary>
    public void PauseUntil(string queue, DateTimeOffset until, string reason)
    {
        if (until <= time.GetUtcNow())
            return;
        lock (gate)
        {
            // Every send waiting out the same Retry-After says so: one entry per queue and reason, at the latest end.
            var same = pauses.FirstOrDefault(p => p.Queue == queue && p.Reason == reason && p.Until is not null);
            if (same is null)
                pauses.Add(new PauseEntry(queue, reason, until));
            else if (same.Until < until)
                same.Until = until;
        }
    }

    /// <summary>Pauses <paramref name="queue"/> for <paramref name="delay"/> from now.</summary>
    public void PauseFor(string queue, TimeSpan delay, string reason) =>
        PauseUntil(queue, time.GetUtcNow() + delay, reason);

    /// <summary>The pause on <paramref name="queue"/> (or on all queues), or null when there never was one.</summary>
    public PauseState? StateOf(string queue)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            // Pauses that ran out are folded into the end times, so the list holds only what is in effect.
            foreach (var ended in pauses.Where(p => p.Until <= now).ToList())
                End(ended, ended.Until!.Value);

            var active = pauses.FirstOrDefault(p => Covers(p, queue));
            if (active is not null)
                return new PauseState(true, now, active.Reason);
            var endedAt = new[] { queue, AllQueues }.Select(q => lastEnded.TryGetValue(q, out var at) ? at : (DateTimeOffset?)null).Max();
            return endedAt is { } lastEnd ? new PauseState(false, lastEnd, null) : null;
        }
    }

    private static bool Covers(PauseEntry pause, string queue) =>
        pause.Queue == queue || pause.Queue == AllQueues;

    private void End(PauseEntry entry, DateTimeOffset at)
    {
        if (!pauses.Remove(entry))
            return;
        if (!lastEnded.TryGetValue(entry.Queue, out var previous) || previous < at)
            lastEnded[entry.Queue] = at;
    }

    private void Released(PauseEntry entry)
    {
        lock (gate)
            End(entry, time.GetUtcNow());
    }

    // A class, not a record: two equal pauses taken by two components are still two pauses.
    private sealed class PauseEntry(string queue, string reason, DateTimeOffset? until)
    {
        public string Queue { get; } = queue;
        public string Reason { get; } = reason;
        public DateTimeOffset? Until { get; set; } = until;
    }

    private sealed class Release(ConsumerPauses owner, PauseEntry entry) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                owner.Released(entry);
        }
    }
}
