using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Ledger;

public enum LedgerClaim
{
    /// <summary>This consumer owns the notification now and may send it.</summary>
    Claimed,

    /// <summary>It was sent (or failed for good) before: a redelivered command must not send again.</summary>
    AlreadyFinished,

    /// <summary>Another consumer is sending it right now; try again after its lease.</summary>
    HeldElsewhere,

    /// <summary>
    /// The provider accepted it, but its outcome may not have been published (the publish failed, or the sender died
    /// before it): publish <see cref="DeliveryLedger.SentByAsync">the delivered outcome</see> and mark it finished,
    /// never send it again.
    /// </summary>
    SentNotAnnounced,
}

/// <summary>
/// Makes the senders idempotent on the notification id. A send first claims the id with a short lease that
/// its holder renews while it sends (so two instances never send the same notification at once, and a
/// crashed instance's claim expires within one lease), then marks it finished. A command redelivered after
/// that is acknowledged without sending. Finished means "its outcome was published": a send the provider accepted is
/// first marked <c>sent:{provider}</c>, then its outcome published, then marked finished, so a retry after a failed
/// publish publishes it (<see cref="LedgerClaim.SentNotAnnounced"/>) instead of losing it or sending twice.
/// Each claim also remembers when an attempt began, until its result is known (see DeliveryLedger.Attempts.cs).
/// </summary>
public sealed partial class DeliveryLedger(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>How long "finished" is remembered: far longer than any redelivery or retry.</summary>
    public static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a claim outlives its holder. Short, because a redelivery of a crashed instance's command waits
    /// it out; the holder renews it every third of it, so a slow provider call keeps its claim.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(15);

    private TimeSpan RenewInterval => ClaimLease / 3;

    private static readonly TimeSpan HeldPollInterval = TimeSpan.FromMilliseconds(250);

    // KEYS: the ledger key, its announcing mark, its attempt mark. A sent notification whose sender is still publishing
    // its outcome (the mark lives one lease) is held elsewhere: announced by another instance too, it would end in two
    // outcomes. A claim returns the start (Redis time, ms) of an earlier attempt whose result is unknown, or records its
    // own start: Redis' clock, so every instance measures attempts on the same one.
    private const string ClaimScript = """
        local current = redis.call('GET', KEYS[1])
        if current == 'finished' then return {1} end
        if string.sub(current or '', 1, 5) == 'sent:' then
          if redis.call('EXISTS', KEYS[2]) == 1 then return {2} end
          return {3}
        end
        if current then return {2} end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        local earlier = redis.call('GET', KEYS[3])
        if earlier then return {0, earlier} end
        local now = redis.call('TIME')
        redis.call('SET', KEYS[3], tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)), 'PX', ARGV[3])
        return {0}
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // The marks after a send are each one script, as atomic as a MULTI/EXEC of the same commands but one command on the
    // wire instead of five: every email sets both. KEYS: the ledger key, its announcing mark, its attempt mark.
    // ARGV: "sent:{provider}", the ledger key's lifetime (ms), the announcing mark's (ms).
    private const string MarkSentScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
        redis.call('DEL', KEYS[3])
        return 1
        """;

    // KEYS: as MarkSentScript. ARGV: the ledger key's lifetime (ms).
    private const string MarkFinishedScript = """
        redis.call('SET', KEYS[1], 'finished', 'PX', ARGV[1])
        redis.call('DEL', KEYS[2], KEYS[3])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>The ledger key of a notification: <c>finished</c> once it was handled for good.</summary>
    public RedisKey KeyOf(string notificationId) => keys.Key("ledger:" + notificationId);

    public async Task<LedgerClaim> TryClaimAsync(string notificationId, string claimToken, TimeSpan lease) =>
        (await TryClaimAttemptAsync(notificationId, claimToken, lease)).Claim;

    /// <summary><see cref="TryClaimAsync"/>, telling too of an earlier attempt whose result is unknown.</summary>
    public async Task<LedgerClaimResult> TryClaimAttemptAsync(string notificationId, string claimToken, TimeSpan lease)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript,
            [KeyOf(notificationId), AnnouncingKeyOf(notificationId), AttemptKeyOf(notificationId)],
            [claimToken, (long)lease.TotalMilliseconds, (long)FinishedRetention.TotalMilliseconds]))!;
        var claim = (int)result[0] switch
        {
            0 => LedgerClaim.Claimed,
            1 => LedgerClaim.AlreadyFinished,
            3 => LedgerClaim.SentNotAnnounced,
            _ => LedgerClaim.HeldElsewhere,
        };
        DateTimeOffset? earlier = result.Length > 1 ? DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]) : null;
        return new LedgerClaimResult(claim, earlier);
    }

    /// <summary>
    /// Claims the id with <see cref="ClaimLease"/>. When another consumer holds it, waits (up to a lease and a
    /// renewal) for it to finish, give it back or expire: the claim of an instance killed mid-send expires
    /// then, and its redelivered command is sent here instead of failing its retries against a dead claim.
    /// Still held after that means a live holder is renewing it: <see cref="LedgerClaim.HeldElsewhere"/>.
    /// </summary>
    public async Task<LedgerClaim> ClaimAsync(string notificationId, string claimToken, CancellationToken cancellationToken) =>
        (await ClaimAttemptAsync(notificationId, claimToken, cancellationToken)).Claim;

    /// <summary><see cref="ClaimAsync"/>, telling too of an earlier attempt whose result is unknown.</summary>
    public async Task<LedgerClaimResult> ClaimAttemptAsync(string notificationId, string claimToken, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ClaimLease + RenewInterval;
        while (true)
        {
            var claim = await TryClaimAttemptAsync(notificationId, claimToken, ClaimLease);
            if (claim.Claim != LedgerClaim.HeldElsewhere || DateTime.UtcNow >= deadline)
                return claim;
            await Task.Delay(HeldPollInterval, cancellationToken);
        }
    }

    /// <summary>Renews the claim every third of the lease until disposed (after the provider call).</summary>
    public ClaimRenewal KeepClaimed(string notificationId, string claimToken) =>
        new(this, notificationId, claimToken, RenewInterval);

    /// <returns>False when the claim is no longer this token's (it expired and someone else took it).</returns>
    public async Task<bool> RenewAsync(string notificationId, string claimToken) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(
            RenewScript, [KeyOf(notificationId)], [claimToken, (long)ClaimLease.TotalMilliseconds]) == 1;

    private const string SentPrefix = "sent:";

    /// <summary>Set beside <c>sent:</c> while its sender publishes the outcome; gone after a lease (the sender died), so only then does a redelivery announce it.</summary>
    private RedisKey AnnouncingKeyOf(string notificationId) => keys.Key("ledger:" + notificationId + ":announcing");

    /// <summary>The provider accepted it: never to be sent again, its outcome being published by this sender.</summary>
    public Task MarkSentAsync(string notificationId, string provider) =>
        redis.GetDatabase().ScriptEvaluateAsync(MarkSentScript, [KeyOf(notificationId), AnnouncingKeyOf(notificationId), AttemptKeyOf(notificationId)],
            [SentPrefix + provider, (long)FinishedRetention.TotalMilliseconds, (long)ClaimLease.TotalMilliseconds]);

    /// <summary>The provider that accepted a <see cref="LedgerClaim.SentNotAnnounced"/> notification, or null when it is not in that state.</summary>
    public async Task<string?> SentByAsync(string notificationId)
    {
        var value = (string?)await redis.GetDatabase().StringGetAsync(KeyOf(notificationId));
        return value is not null && value.StartsWith(SentPrefix, StringComparison.Ordinal) ? value[SentPrefix.Length..] : null;
    }

    /// <summary>This sender's publish of the outcome failed: its retry (or any redelivery) may announce it at once.</summary>
    public Task StopAnnouncingAsync(string notificationId) =>
        redis.GetDatabase().KeyDeleteAsync(AnnouncingKeyOf(notificationId));

    /// <summary>Handled for good and its outcome published.</summary>
    public Task MarkFinishedAsync(string notificationId) =>
        redis.GetDatabase().ScriptEvaluateAsync(MarkFinishedScript, [KeyOf(notificationId), AnnouncingKeyOf(notificationId), AttemptKeyOf(notificationId)],
            [(long)FinishedRetention.TotalMilliseconds]);

    /// <summary>Gives a claim back after a transient failure, so the retry (here or elsewhere) can claim it.</summary>
    public Task ReleaseAsync(string notificationId, string claimToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [KeyOf(notificationId)], [claimToken]);
}

/// <summary>Keeps a ledger claim alive while its holder is still sending.</summary>
public sealed class ClaimRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewing;

    internal ClaimRenewal(DeliveryLedger ledger, string notificationId, string claimToken, TimeSpan interval) =>
        renewing = RenewAsync(ledger, notificationId, claimToken, interval, stop.Token);

    private static async Task RenewAsync(DeliveryLedger ledger, string notificationId, string claimToken, TimeSpan interval, CancellationToken stop)
    {
        while (true)
        {
            // Stopped is how every send ends, mostly before the first renewal: awaited without an exception, which
            // cost more per email than the rest of the renewal together.
            await Task.Delay(interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
                return;
            try
            {
                if (!await ledger.RenewAsync(notificationId, claimToken))
                    return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // A Redis blip: try again at the next interval; the lease still has two intervals to run.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await renewing;
        stop.Dispose();
    }
}
