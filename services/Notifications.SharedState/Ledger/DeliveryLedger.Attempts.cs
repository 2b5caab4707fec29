using StackExchange.Redis;

namespace Notifications.SharedState.Ledger;

/// <param name="Claim">What the claim came to.</param>
/// <param name="UnknownAttemptStartedAt">
/// With <see cref="LedgerClaim.Claimed"/>: when an earlier attempt began whose result is unknown (its sender died
/// mid-send, or its provider call timed out or lost its answer). A provider that can be asked should be asked whether
/// it accepted that attempt before anything is sent again. Null when no earlier attempt is pending.
/// </param>
public sealed record LedgerClaimResult(LedgerClaim Claim, DateTimeOffset? UnknownAttemptStartedAt = null);

/// <summary>
/// The attempt mark, <c>{prefix}ledger:{id}:attempt</c> (Redis time in ms): set by the claim that begins an attempt and
/// kept until that attempt's result is known, so a sender that dies after calling the provider, or a call whose answer
/// never came, leaves it behind for the next claim to see. Sent and finished clear it; so does a provider's clear
/// refusal (<see cref="ForgetAttemptAsync"/>). Providers with an idempotency key, or none that can be asked, ignore it.
/// </summary>
public sealed partial class DeliveryLedger
{
    private const string BeginAttemptScript = """
        local now = redis.call('TIME')
        redis.call('SET', KEYS[1], tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)), 'PX', ARGV[1])
        return 1
        """;

    private RedisKey AttemptKeyOf(string notificationId) => keys.Key("ledger:" + notificationId + ":attempt");

    /// <summary>
    /// The earlier attempt was looked up and the provider had not accepted it: the attempt about to be made is the one
    /// to remember now (its own start, not the earlier one's, bounds when the provider could have taken it).
    /// </summary>
    public Task BeginNewAttemptAsync(string notificationId) =>
        redis.GetDatabase().ScriptEvaluateAsync(BeginAttemptScript, [AttemptKeyOf(notificationId)], [(long)FinishedRetention.TotalMilliseconds]);

    /// <summary>The provider answered that it did not accept this attempt (a 503, a 429): a retry needs no lookup first.</summary>
    public Task ForgetAttemptAsync(string notificationId) =>
        redis.GetDatabase().KeyDeleteAsync(AttemptKeyOf(notificationId));
}
