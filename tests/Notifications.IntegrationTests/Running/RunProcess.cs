using System.Diagnostics;
using System.Text;
using Notifications.IntegrationTests.Observability;

namespace Notifications.IntegrationTests.Running;

/// <summary>
/// A runner (a script, the AppHost, a service) as a child process, its output kept line by line. Disposing it
/// stops it with SIGTERM and then kills whatever of its process tree is left, also when a test failed half way.
/// </summary>
public sealed class RunProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private RunProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Every line printed so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (output)
                return [.. output];
        }
    }

    public string Transcript => string.Join('\n', Output);

    public static RunProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = DeployFiles.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // The test host's own settings must not leak into the run (the services read ASPNETCORE_* and DOTNET_*).
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_") || k.StartsWith("DOTNET_ENVIRONMENT")).ToList())
            info.Environment.Remove(inherited);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var started = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var run = new RunProcess(started);
        started.OutputDataReceived += (_, e) => run.Add(e.Data);
        started.ErrorDataReceived += (_, e) => run.Add(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return run;
    }

    /// <summary>The first line that matches, once printed; fails with the transcript when the process exits first or time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string waitingFor, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Output.FirstOrDefault(match) is { } line)
                return line;
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // the last lines
                if (Output.FirstOrDefault(match) is { } last)
                    return last;
                throw new Xunit.Sdk.XunitException($"Exited with {process.ExitCode} before {waitingFor}:\n{Transcript}");
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {waitingFor} after {timeout.TotalSeconds:0} s:\n{Transcript}");
            await Task.Delay(250);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Still running after {timeout.TotalSeconds:0} s:\n{Transcript}");
        }
        return process.ExitCode;
    }

    /// <summary>
    /// Processes on this machine whose command line contains <paramref name="commandLine"/> (Linux /proc): the
    /// AppHost's orchestrator detaches, so the services it starts are not in the AppHost's own process tree.
    /// </summary>
    public static Dictionary<int, string> Running(string commandLine) =>
        Pids().Select(pid => (pid, line: CommandLineOf(pid)))
            .Where(p => p.line.Contains(commandLine, StringComparison.Ordinal))
            .ToDictionary(p => p.pid, p => p.line);

    public Dictionary<int, string> Descendants()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in Pids())
        {
            if (ParentOf(pid) is not { } parent)
                continue;
            if (!children.TryGetValue(parent, out var list))
                children[parent] = list = [];
            list.Add(pid);
        }
        var found = new List<int>();
        var queue = new Queue<int>([process.Id]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid, []))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }
        return found.ToDictionary(pid => pid, CommandLineOf);
    }

    /// <summary>SIGKILL, only if <paramref name="pid"/> still runs the same command line (a pid can be reused).</summary>
    public static void Kill(int pid, string commandLine)
    {
        if (CommandLineOf(pid) != commandLine || commandLine.Length == 0)
            return;
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // already gone
        }
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : -1).Where(pid => pid > 0);

    public static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        var tree = Descendants();
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()]))
                await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        // Whatever the runner left behind (it should leave nothing): no stray service holds the ports for the next test.
        foreach (var (pid, commandLine) in tree.Concat(Descendants()))
            Kill(pid, commandLine);
        process.Dispose();
    }
}
