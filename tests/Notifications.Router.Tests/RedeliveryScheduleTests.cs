using Notifications.ServiceDefaults.Messaging;
using Notifications.Scheduling.Redelivery;

namespace Notifications.Router.Tests;

public sealed class RedeliveryScheduleTests
{
    private static readonly RedeliverySchedule Defaults = RedeliverySchedule.From(new MessagingOptions());

    [Fact]
    public void Defaults_StartAt10Seconds_DoubleUpTo30Minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Defaults.DelayBefore(0));
        Assert.Equal(TimeSpan.FromSeconds(20), Defaults.DelayBefore(1));
        Assert.Equal(TimeSpan.FromSeconds(1280), Defaults.DelayBefore(7));
        Assert.Equal(TimeSpan.FromMinutes(30), Defaults.DelayBefore(8));
        Assert.Equal(TimeSpan.FromMinutes(30), Defaults.DelayBefore(5000));
    }

    [Fact]
    public void Defaults_KeepAMessageComingBackForAlmostSixHours_NeverMore()
    {
        // 10 + 20 + ... + 1280 s (2,550 s), then ten of 30 minutes: 20,550 s in 18 redeliveries.
        Assert.Equal(18, Defaults.MaxRedeliveries);
        Assert.Equal(TimeSpan.FromSeconds(20_550), Defaults.TotalDelay);
        Assert.True(Defaults.TotalDelay <= TimeSpan.FromHours(6));
        Assert.True(Defaults.TotalDelay + Defaults.DelayBefore(18) > TimeSpan.FromHours(6));
    }

    [Fact]
    public void ALimitShorterThanTheFirstDelay_SwitchesRedeliveryOff()
    {
        var schedule = new RedeliverySchedule(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));

        Assert.Equal(0, schedule.MaxRedeliveries);
        Assert.Equal(TimeSpan.Zero, schedule.TotalDelay);
        Assert.Equal(0, RedeliverySchedule.From(new MessagingOptions { RedeliveryHours = 0 }).MaxRedeliveries);
    }

    [Fact]
    public void TheNumberOfRedeliveries_IsFixedByTheSchedule()
    {
        var schedule = new RedeliverySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        Assert.Equal(2, schedule.MaxRedeliveries); // 1 s + 2 s
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.TotalDelay);
    }
}
