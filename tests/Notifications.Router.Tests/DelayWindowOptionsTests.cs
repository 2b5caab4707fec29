using Microsoft.Extensions.Configuration;
using Notifications.Contracts;
using Notifications.Router.Window;

namespace Notifications.Router.Tests;

/// <summary>The delay windows are read from each channel's section, default to the spec's values and refuse what the ladder cannot wait.</summary>
public class DelayWindowOptionsTests
{
    [Fact]
    public void Defaults_AreTwoMinutesForEmail_AndNoneForSmsAndPush()
    {
        var options = Read([]);

        Assert.Equal(TimeSpan.FromSeconds(120), options.WindowOf(Channels.Email));
        Assert.Equal(TimeSpan.Zero, options.WindowOf(Channels.Sms));
        Assert.Equal(TimeSpan.Zero, options.WindowOf(Channels.Push));
        Assert.True(options.AnyWindow);
    }

    [Fact]
    public void EachChannelsKey_SetsItsWindow_AndRealtimeNeverWaits()
    {
        var options = Read(new() { ["Email:DelaySeconds"] = "8", ["Sms:DelaySeconds"] = "30", ["Push:DelaySeconds"] = " 5 " });

        Assert.Equal(TimeSpan.FromSeconds(8), options.WindowOf(Channels.Email));
        Assert.Equal(TimeSpan.FromSeconds(30), options.WindowOf(Channels.Sms));
        Assert.Equal(TimeSpan.FromSeconds(5), options.WindowOf(Channels.Push));
        Assert.Equal(TimeSpan.Zero, options.WindowOf(Channels.Realtime));
    }

    [Fact]
    public void EveryWindowAtZero_IsNoWindow()
    {
        var options = Read(new() { ["Email:DelaySeconds"] = "0" });

        Assert.False(options.AnyWindow);
    }

    [Theory]
    [InlineData("Email:DelaySeconds", "-1", "between 0")]
    [InlineData("Sms:DelaySeconds", "1048576", "between 0")]
    [InlineData("Push:DelaySeconds", "two minutes", "whole number of seconds")]
    public void AValueTheLadderCannotWait_IsRefusedWithItsKey(string key, string value, string problem)
    {
        var (setup, options) = Setup(new() { [key] = value });

        var result = setup.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains(key, failure);
        Assert.Contains(problem, failure);
    }

    private static DelayWindowOptions Read(Dictionary<string, string?> values)
    {
        var (setup, options) = Setup(values);
        Assert.True(setup.Validate(null, options).Succeeded);
        return options;
    }

    private static (DelayWindowOptionsSetup Setup, DelayWindowOptions Options) Setup(Dictionary<string, string?> values)
    {
        var setup = new DelayWindowOptionsSetup(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var options = new DelayWindowOptions();
        setup.Configure(options);
        return (setup, options);
    }
}
