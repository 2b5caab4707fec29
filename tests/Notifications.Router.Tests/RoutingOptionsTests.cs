using System.ComponentModel.DataAnnotations;
using Notifications.Router.Routing;

namespace Notifications.Router.Tests;

/// <summary>The switches the spec names have the spec's defaults and reject values out of range.</summary>
public class RoutingOptionsTests
{
    [Fact]
    public void Defaults_AreTheSpecs()
    {
        var options = new RoutingOptions();

        Assert.Equal(10, options.TakeoverGraceSeconds);
        Assert.Equal(5, options.DirectoryWaitSeconds);
        Assert.False(options.FirstMessageOfflineOnly);
        Assert.Empty(Problems(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public void TakeoverGraceSeconds_InRange_IsAccepted(int seconds) =>
        Assert.Empty(Problems(new RoutingOptions { TakeoverGraceSeconds = seconds }));

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void TakeoverGraceSeconds_OutOfRange_IsRejectedWithItsName(int seconds)
    {
        var problem = Assert.Single(Problems(new RoutingOptions { TakeoverGraceSeconds = seconds }));
        Assert.Contains("Routing:TakeoverGraceSeconds", problem);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void DirectoryWaitSeconds_OutOfRange_IsRejectedWithItsName(int seconds)
    {
        var problem = Assert.Single(Problems(new RoutingOptions { DirectoryWaitSeconds = seconds }));
        Assert.Contains("Routing:DirectoryWaitSeconds", problem);
    }

    [Fact]
    public void EscalateAfterSeconds_IsOffByDefault() => Assert.Equal(0, new RoutingOptions().EscalateAfterSeconds);

    [Theory]
    [InlineData(-1)]
    [InlineData(1_048_576)]
    public void EscalateAfterSeconds_OutOfRange_IsRejectedWithItsName(int seconds)
    {
        var problem = Assert.Single(Problems(new RoutingOptions { EscalateAfterSeconds = seconds }));
        Assert.Contains("Routing:EscalateAfterSeconds", problem);
    }

    /// <summary>The same validation the host runs at start-up (ValidateDataAnnotations).</summary>
    private static List<string> Problems(RoutingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
