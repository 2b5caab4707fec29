using static Notifications.Chaos.ChaosRun;

namespace Notifications.Chaos;

/// <summary>
/// What <c>make chaos</c> and <c>make scale</c> begin with: a run id, the repository root, the run's log directory
/// (<c>var/{kind}/{runId}/</c>), a cancellation that Ctrl+C triggers (so the clean-up still runs), the run's clock
/// started and the first two progress lines.
/// </summary>
internal sealed class RunStart : IDisposable
{
    public required string RunId { get; init; }
    public required string Root { get; init; }
    public required string LogDirectory { get; init; }
    public CancellationTokenSource Cancel { get; } = new();

    /// <param name="kind"><c>chaos</c> or <c>scale</c>: the progress lines' tag and the folder under <c>var/</c>.</param>
    public static RunStart Begin(string kind, object settings)
    {
        LogTag = kind;
        var runId = Guid.NewGuid().ToString("N")[..8];
        var root = RepositoryRoot();
        var start = new RunStart { RunId = runId, Root = root, LogDirectory = Path.Combine(root, "var", kind, runId) };
        Directory.CreateDirectory(start.LogDirectory);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            start.Cancel.Cancel();
        };

        Clock.Start();
        Log($"{kind} run {runId}: {settings}");
        Log($"service logs in {Path.GetRelativePath(root, start.LogDirectory)}/");
        return start;
    }

    public void Dispose() => Cancel.Dispose();
}
