using System.Diagnostics;
using System.Text;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// One of the example clients in clients/ run as its own process (node, python3, php, bash), as a platform would
/// run it: its output is kept for the assertion message, and it is killed if it outlives its time.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly object gate = new();

    private ClientProcess(Process process) => this.process = process;

    public string Output { get { lock (gate) return $"stdout: {stdout}\nstderr: {stderr}"; } }

    public string StandardOutput { get { lock (gate) return stdout.ToString(); } }

    public static ClientProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var client = new ClientProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        client.process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (client.gate) client.stdout.AppendLine(e.Data); };
        client.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (client.gate) client.stderr.AppendLine(e.Data); };
        client.process.Start();
        client.process.BeginOutputReadLine();
        client.process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Runs the client to its end and fails the test, with what it printed, unless it exited 0.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        await using var client = Start(fileName, arguments, workingDirectory, environment);
        var exitCode = await client.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {exitCode}\n{client.Output}");
        return client.Output;
    }

    /// <summary>The exit code, or throws (after killing it) when the process is still running at the end of <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{process.StartInfo.FileName} still running after {timeout.TotalSeconds:0} s\n{Output}");
        }
        process.WaitForExit(); // lets the asynchronous output readers finish
        return process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
