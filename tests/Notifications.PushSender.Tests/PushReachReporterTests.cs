using Microsoft.Extensions.Logging.Abstractions;
using Notifications.PushSender.Settings;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Tests;

/// <summary>
/// The reporter outlives a failure of any kind: a TaskCanceledException from a timeout (Redis restarting) once escaped
/// its loop, and a background service that throws stops the whole host, every consumer with it (found by make chaos).
/// </summary>
public sealed class PushReachReporterTests
{
    [Fact]
    public async Task ATimeoutWhileReporting_IsLoggedAndRetried_NeverStopsTheService()
    {
        var options = new TimingOutOptions();
        var reporter = new PushReachReporter(options, new PushReachStore(null!, null!), NullLogger<PushReachReporter>.Instance);

        await reporter.StartAsync(CancellationToken.None);
        await options.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);

        Assert.False(reporter.ExecuteTask!.IsCompleted, $"the reporter stopped: {reporter.ExecuteTask.Exception?.GetBaseException().Message}");
        await reporter.StopAsync(CancellationToken.None);
    }

    private sealed class TimingOutOptions : IRuntimeOptions<PushOptions>
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<PushOptions> CurrentAsync()
        {
            Asked.TrySetResult();
            throw new TaskCanceledException("The operation has timed out.");
        }
    }
}
