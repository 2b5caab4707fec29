using Microsoft.Extensions.Options;
using Notifications.ConsumerHealth;

namespace Notifications.ConsumerHealth.Tests;

/// <summary>The stall rule on a clock the test moves: ready &gt; 0 and no completion for StallReadySeconds is a stall,
/// unless the endpoint was stopped on purpose or a pause is declared.</summary>
public sealed class ConsumerStallDetectorTests
{
    private const string Queue = "send-push";
    private readonly ManualClock clock = new();
    private readonly StallOptions options = new() { StallReadySeconds = 60, StallLiveSeconds = 300, StallCheckSeconds = 5 };
    private readonly ConsumerPauses pauses;
    private readonly ConsumerStallDetector detector;

    public ConsumerStallDetectorTests()
    {
        pauses = new ConsumerPauses(clock);
        detector = new ConsumerStallDetector(clock, Options.Create(options), pauses);
        detector.EndpointReady(Queue);
    }

    /// <summary>Moves the clock in poll-sized steps, the poller reporting <paramref name="ready"/> at each.</summary>
    private void Wait(int seconds, uint ready)
    {
        for (var waited = 0; waited < seconds; waited += options.StallCheckSeconds)
        {
            clock.Advance(Math.Min(options.StallCheckSeconds, seconds - waited));
            detector.DepthObserved(Queue, ready);
        }
    }

    [Fact]
    public void MessagesReady_AndNoneCompletedForTheReadyTime_IsAStall()
    {
        detector.DepthObserved(Queue, 40);
        Wait(55, ready: 40);
        Assert.Empty(detector.Stalls());

        Wait(5, ready: 40);

        var stall = Assert.Single(detector.Stalls());
        Assert.Equal(Queue, stall.Queue);
        Assert.Equal(40u, stall.Ready);
        Assert.Equal(60, (int)stall.Quiet.TotalSeconds);
        Assert.False(stall.PastLiveness);
        Assert.Contains("send-push: 40 message(s) ready, none completed for 60 s", stall.Describe());
    }

    [Fact]
    public void AStallLastingTheLiveTime_IsPastLiveness()
    {
        detector.DepthObserved(Queue, 3);
        Wait(295, ready: 3);
        Assert.False(Assert.Single(detector.Stalls()).PastLiveness);

        Wait(5, ready: 3);

        Assert.True(Assert.Single(detector.Stalls()).PastLiveness);
    }

    [Fact]
    public void AnEmptyQueue_IsNeverAStall()
    {
        Wait(600, ready: 0);

        Assert.Empty(detector.Stalls());
    }

    [Fact]
    public void ABacklogThatJustAppeared_AfterALongIdleTime_OwesNoCompletionYet()
    {
        Wait(600, ready: 0);
        detector.DepthObserved(Queue, 12);
        Wait(55, ready: 12);
        Assert.Empty(detector.Stalls());

        Wait(5, ready: 12);

        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void ACompletion_StartsTheClockAgain_AndEndsTheStall()
    {
        detector.DepthObserved(Queue, 40);
        Wait(60, ready: 40);
        Assert.Single(detector.Stalls());

        detector.MessageStarted(Queue);
        detector.MessageFinished(Queue);

        Assert.Empty(detector.Stalls());
        Wait(55, ready: 39);
        Assert.Empty(detector.Stalls());
        Wait(5, ready: 39);
        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void MessagesInFlight_AreNoCompletion_AndAreShown()
    {
        detector.DepthObserved(Queue, 40);
        for (var i = 0; i < 16; i++)
            detector.MessageStarted(Queue);

        Wait(60, ready: 40);

        Assert.Equal(16, Assert.Single(detector.Stalls()).InFlight);
    }

    [Fact]
    public void ADeclaredPause_IsNoStall_AndTheClockStartsWhenItEnds()
    {
        detector.DepthObserved(Queue, 40);
        var pause = pauses.Pause(Queue, "held");
        Wait(120, ready: 40);
        Assert.Empty(detector.Stalls());

        pause.Dispose();
        Wait(55, ready: 40);
        Assert.Empty(detector.Stalls());
        Wait(5, ready: 40);
        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void APauseUntilATime_CoversEveryQueue_WhenGivenForAll()
    {
        detector.DepthObserved(Queue, 40);
        pauses.PauseUntil(ConsumerPauses.AllQueues, clock.GetUtcNow().AddSeconds(90), "provider Retry-After");

        Wait(120, ready: 40);
        Assert.Empty(detector.Stalls());

        // The pause ended 30 s ago: 30 s more of quiet make a stall.
        Wait(30, ready: 40);
        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void AnEndpointStoppedOnPurpose_IsNoStall_UntilItIsReadyAgainAndQuietForTheReadyTime()
    {
        detector.DepthObserved(Queue, 40);
        detector.EndpointStopping(Queue);
        Wait(600, ready: 40);
        Assert.Empty(detector.Stalls());

        detector.EndpointReady(Queue);
        Wait(55, ready: 40);
        Assert.Empty(detector.Stalls());
        Wait(5, ready: 40);
        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void ItsOwnRestart_IsNoPause_AndDoesNotStartTheClockAgain()
    {
        detector.EndpointReady(Queue, UnusedEndpoint.Create());
        detector.DepthObserved(Queue, 40);
        Wait(60, ready: 40);
        Assert.Single(detector.Stalls());

        Assert.True(detector.TryBeginRestart(Queue, out _));
        Assert.False(detector.TryBeginRestart(Queue, out _));
        detector.EndpointStopping(Queue);
        Assert.Single(detector.Stalls());
        detector.EndpointReady(Queue);
        detector.RestartEnded(Queue);

        // Still stalled, and the liveness clock kept running through the restart.
        Wait(240, ready: 40);
        Assert.True(Assert.Single(detector.Stalls()).PastLiveness);
    }

    [Fact]
    public void AnEndpointNotSeenReady_CannotBeRestarted()
    {
        Assert.False(detector.TryBeginRestart(Queue, out _));
        Assert.False(detector.TryBeginRestart("send-sms", out _));
    }

    [Fact]
    public void AnUnknownOrStaleDepth_IsNoStall()
    {
        detector.DepthObserved(Queue, 40);
        Wait(60, ready: 40);
        Assert.Single(detector.Stalls());

        detector.DepthUnknown(Queue);
        Assert.Empty(detector.Stalls());

        detector.DepthObserved(Queue, 40);
        clock.Advance(options.DepthMaxAge + TimeSpan.FromSeconds(1));
        Assert.Empty(detector.Stalls());
    }

    [Fact]
    public void TheBrokerComingBack_OwesNoCompletionForTheTimeItWasAway()
    {
        detector.DepthObserved(Queue, 40);
        Wait(30, ready: 40);
        detector.DepthUnknown(Queue);
        clock.Advance(120);

        detector.DepthObserved(Queue, 40);
        Wait(55, ready: 40);
        Assert.Empty(detector.Stalls());
        Wait(5, ready: 40);
        Assert.Single(detector.Stalls());
    }

    [Fact]
    public void APauseForOneQueue_DoesNotExcuseAnother()
    {
        detector.EndpointReady("send-realtime");
        detector.DepthObserved(Queue, 40);
        detector.DepthObserved("send-realtime", 40);
        using var hold = pauses.Pause("send-realtime", "held");

        for (var waited = 0; waited < 60; waited += 5)
        {
            clock.Advance(5);
            detector.DepthObserved(Queue, 40);
            detector.DepthObserved("send-realtime", 40);
        }

        Assert.Equal(Queue, Assert.Single(detector.Stalls()).Queue);
    }

    [Fact]
    public void ARepeatedPauseUntil_KeepsTheLatestEnd()
    {
        detector.DepthObserved(Queue, 40);
        pauses.PauseFor(ConsumerPauses.AllQueues, TimeSpan.FromSeconds(90), "provider Retry-After");
        pauses.PauseFor(ConsumerPauses.AllQueues, TimeSpan.FromSeconds(30), "provider Retry-After");

        Wait(85, ready: 40);

        Assert.Empty(detector.Stalls());
        Assert.True(pauses.StateOf(Queue)!.Active);
    }
}
