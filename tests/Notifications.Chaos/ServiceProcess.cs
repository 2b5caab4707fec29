using System.Diagnostics;

namespace Notifications.Chaos;

/// <summary>
/// One service running as its own process from the Release build (<c>dotnet Notifications.X.dll</c>), configured
/// by environment variables, its output appended to a log file. Can be killed with SIGKILL and started again.
/// Several instances of one service run side by side under labels of their own (<c>Router-1</c>, <c>Router-2</c>),
/// each with its own log file.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly StreamWriter log;
    private Process? process;

    public string Name { get; }

    /// <summary>The instance's label and the name of its log file: the service's name unless several run.</summary>
    public string Label { get; }

    /// <summary>The operating system's id of the process last started (the broker shows it as the connection's process_id).</summary>
    public int? ProcessId { get; private set; }
    public int Starts { get; private set; }
    public string LogPath { get; }

    public bool Running => process is { HasExited: false };

    public ServiceProcess(string repositoryRoot, string name, IReadOnlyDictionary<string, string> environment, string logDirectory, string? label = null)
    {
        Name = name;
        Label = label ?? name;
        dll = Path.Combine(repositoryRoot, "services", $"Notifications.{name}", "bin", "Release", "net10.0", $"Notifications.{name}.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Missing {dll}: run 'make build' first.", dll);
        this.environment = environment;
        LogPath = Path.Combine(logDirectory, $"{Label}.log");
        log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var started = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Name}.");
        started.OutputDataReceived += (_, e) => Write(e.Data);
        started.ErrorDataReceived += (_, e) => Write(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        ProcessId = started.Id;
        Starts++;
        Write($"--- chaos: started {Label} as process {started.Id}");
    }

    /// <summary>SIGKILL: no graceful stop, in-flight messages are neither finished nor acknowledged.</summary>
    public async Task KillAsync()
    {
        if (process is not { HasExited: false } running)
            return;
        Write($"--- chaos: SIGKILL to process {running.Id}");
        running.Kill(entireProcessTree: false);
        await running.WaitForExitAsync();
    }

    /// <summary>SIGTERM and a graceful stop, then SIGKILL when it takes too long.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process is not { HasExited: false } running)
            return;
        try
        {
            using var term = Process.Start("kill", ["-TERM", running.Id.ToString()]);
            await term.WaitForExitAsync();
            await running.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
    }

    /// <summary>Lines of this instance's log (over all its starts) that contain <paramref name="text"/>.</summary>
    public int CountLogLines(string text)
    {
        lock (log)
        {
            log.Flush();
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var count = 0;
            while (reader.ReadLine() is { } line)
                if (line.Contains(text, StringComparison.Ordinal))
                    count++;
            return count;
        }
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        process?.Dispose();
        lock (log)
            log.Dispose();
    }
}
