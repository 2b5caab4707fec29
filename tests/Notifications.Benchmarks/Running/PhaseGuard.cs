using System.Diagnostics;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks.Running;

/// <summary>
/// Runs one phase so that nothing it does can end the run: an exception, or taking longer than its limit, is
/// printed with its reason, recorded in the report as <c>failed: reason</c>, and the next phase runs.
/// </summary>
public static class PhaseGuard
{
    public static async Task RunAsync(BenchPhase phase, TestEnvironment environment, BenchReport report)
    {
        Console.WriteLine($"\n== {phase.Name} ==");
        var clock = Stopwatch.StartNew();
        try
        {
            var running = phase.Run(environment, report);
            if (await Task.WhenAny(running, Task.Delay(phase.Limit)) != running)
            {
                // The phase cannot be cancelled from outside; it is left to finish on its own vhost and key prefix
                // (its late figures are no longer recorded), which the failure row says.
                _ = running.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                report.Fail(phase.Name, $"TimeoutException: did not finish within {phase.Limit.TotalMinutes:0} min (left running in the background)");
                return;
            }
            await running;
            Console.WriteLine($"  ({phase.Name} took {clock.Elapsed.TotalSeconds:0} s)");
        }
        catch (Exception ex)
        {
            report.Fail(phase.Name, Reason(ex));
        }
    }

    /// <summary>The exception's type and message on one line: what went wrong, without a stack dump.</summary>
    public static string Reason(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            exception = aggregate.InnerExceptions[0];
        var message = exception.Message.ReplaceLineEndings(" ").Replace("|", "/");
        return $"{exception.GetType().Name}: {message}";
    }
}
