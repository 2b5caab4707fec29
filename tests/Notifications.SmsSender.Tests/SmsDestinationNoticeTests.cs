using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

/// <summary>What the SMS sender says at start about where SMS may go.</summary>
public sealed class SmsDestinationNoticeTests
{
    [Fact]
    public async Task EveryRegionAllowed_IsAWarningAtStart_NamingTheSetting()
    {
        var logger = new RecordingLogger();

        await new SmsDestinationNotice(Options.Create(new SmsOptions()), logger).StartAsync(CancellationToken.None);

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("every region", message);
        Assert.Contains("Sms:AllowedRegions", message);
    }

    [Fact]
    public async Task AllowedRegionsAndPrefixes_AreSaidWithoutAWarning_WithHowAPrefixWasRead()
    {
        var logger = new RecordingLogger();
        var options = new SmsOptions { AllowedRegions = ["CA"], AllowedCountryPrefixes = ["+1"] };

        await new SmsDestinationNotice(Options.Create(options), logger).StartAsync(CancellationToken.None);

        Assert.DoesNotContain(logger.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, entry => entry.Message.Contains("+1 is read as region US"));
        Assert.Contains(logger.Entries, entry => entry.Message.Contains("CA, US"));
    }

    private sealed class RecordingLogger : ILogger<SmsDestinationNotice>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
