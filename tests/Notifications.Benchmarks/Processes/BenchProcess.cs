using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notifications.Benchmarks.Processes;

/// <summary>
/// A process the benchmark starts from a Release build: a service (<c>dotnet Notifications.X.dll</c>, as the chaos
/// run and production start it) or the floor's relays (this benchmark's own program, <c>floor-relays</c>). Its
/// configuration goes in as environment variables; its error output is printed marked with its name. Its
/// standard input stays open while the benchmark runs, so a relay process ends by itself if the benchmark dies.
/// </summary>
public sealed class BenchProcess : IAsyncDisposable
{
    /// <summary>Every process started and not yet disposed, so none outlives the benchmark (a phase past its limit goes on).</summary>
    private static readonly ConcurrentDictionary<BenchProcess, bool> Running = new();

    private readonly Process process;

    public string Name { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    private BenchProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine($"[{name}] {line.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[this] = true;
    }

    /// <summary>Ends the processes still running: those of a phase that overran its limit and was left behind.</summary>
    public static async Task StopAllLeftRunningAsync()
    {
        foreach (var left in Running.Keys)
            await left.DisposeAsync();
    }

    /// <summary>Starts services/Notifications.{service} from its Release build with the configuration given.</summary>
    public static BenchProcess StartService(string service, string name, IReadOnlyDictionary<string, string?> configuration)
    {
        var dll = Path.Combine(BenchmarkRunner.RepositoryRoot(), "services", $"Notifications.{service}", "bin", "Release", "net10.0", $"Notifications.{service}.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Build the services in Release first (make build): {dll} is missing.");
        var start = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in configuration)
            start.Environment[key.Replace(":", "__")] = value;
        // BENCH_SERVICE_ENV="NAME=value;NAME=value": runtime settings for the services alone (DOTNET_gcServer=0, ...),
        // to measure one against the default without touching the benchmark's own process.
        foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_SERVICE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (setting.Split('=', 2) is [var settingName, var settingValue])
                start.Environment[settingName] = settingValue;
        return new BenchProcess(name, start);
    }

    /// <summary>Starts this benchmark's own program with <paramref name="arguments"/> (a helper role such as the floor's relays).</summary>
    public static BenchProcess StartSelf(string name, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(BenchProcess).Assembly.Location, .. arguments]);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new BenchProcess(name, start);
    }

    /// <summary>Resident set size, as the kernel reports it (what a container limit counts).</summary>
    public long WorkingSetBytes()
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.TryRemove(this, out _))
            return;
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
