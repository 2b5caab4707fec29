using System.Diagnostics;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.IntegrationTests;

/// <summary>
/// The delivery ledger against a real Redis: a sender killed mid-send leaves its claim behind, and the
/// redelivered command must be sent once that claim expires, not fail its retries against it; and the next claim
/// learns that the killed sender's attempt has no known result.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryLedgerTests : RedisOnlyTest
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task ClaimOfAKilledSender_Expires_AndTheRedeliveryClaimsIt()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("n-1", "killed-sender", Lease));

        // The killed sender never renews, releases or finishes its claim.
        var clock = Stopwatch.StartNew();
        var claim = await ledger.ClaimAsync("n-1", "restarted-sender", CancellationToken.None);

        Assert.Equal(LedgerClaim.Claimed, claim);
        Assert.InRange(clock.Elapsed, Lease * 0.5, Lease * 2);
    }

    [Fact]
    public async Task ClaimOfALiveSender_IsRenewed_SoNobodyElseSendsMeanwhile()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        Assert.Equal(LedgerClaim.Claimed, await ledger.ClaimAsync("n-2", "slow-sender", CancellationToken.None));

        await using (ledger.KeepClaimed("n-2", "slow-sender"))
        {
            // Waits a lease and a renewal, and the claim is still the slow sender's.
            Assert.Equal(LedgerClaim.HeldElsewhere, await ledger.ClaimAsync("n-2", "other-sender", CancellationToken.None));
        }

        await ledger.MarkFinishedAsync("n-2");
        Assert.Equal(LedgerClaim.AlreadyFinished, await ledger.ClaimAsync("n-2", "other-sender", CancellationToken.None));
    }

    [Fact]
    public async Task ClaimFinishedWhileWaiting_IsReportedAsFinished()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = TimeSpan.FromSeconds(30) };
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("n-3", "first-sender", ledger.ClaimLease));

        var waiting = ledger.ClaimAsync("n-3", "second-sender", CancellationToken.None);
        await Task.Delay(300);
        await ledger.MarkFinishedAsync("n-3");

        Assert.Equal(LedgerClaim.AlreadyFinished, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AKilledSendersAttempt_IsToldToTheNextClaim_WithWhenItBegan()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var first = await ledger.TryClaimAttemptAsync("n-4", "killed-sender", Lease);
        Assert.Equal(new LedgerClaimResult(LedgerClaim.Claimed), first);

        var next = await ledger.ClaimAttemptAsync("n-4", "restarted-sender", CancellationToken.None);

        Assert.Equal(LedgerClaim.Claimed, next.Claim);
        Assert.NotNull(next.UnknownAttemptStartedAt);
        Assert.InRange(next.UnknownAttemptStartedAt.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task AnAttemptTheProviderRefused_IsForgotten_SoTheRetryIsAFreshAttempt()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("n-5", "sender", Lease));

        await ledger.ForgetAttemptAsync("n-5");
        await ledger.ReleaseAsync("n-5", "sender");

        Assert.Equal(new LedgerClaimResult(LedgerClaim.Claimed), await ledger.TryClaimAttemptAsync("n-5", "retry", Lease));
    }

    [Fact]
    public async Task AnAttemptReleasedWithoutAKnownResult_IsToldToTheRetry()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("n-6", "timed-out-sender", Lease));

        await ledger.ReleaseAsync("n-6", "timed-out-sender");

        Assert.NotNull((await ledger.TryClaimAttemptAsync("n-6", "retry", Lease)).UnknownAttemptStartedAt);
    }

    [Fact]
    public async Task ASentNotification_HasNoAttemptLeftToLookUp()
    {
        var ledger = new DeliveryLedger(Redis, RedisKeys) { ClaimLease = Lease };
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync("n-7", "sender", Lease));

        await ledger.MarkSentAsync("n-7", "twilio");

        Assert.False(await Redis.GetDatabase().KeyExistsAsync(ledger.KeyOf("n-7").Append(":attempt")));
    }
}
