using System.Diagnostics;
using Notifications.ContractSchemas;

namespace Notifications.Contracts.Tests;

/// <summary>Runs contracts/validate-asyncapi.sh (the pinned AsyncAPI CLI, installed on first use) on a document.</summary>
public static class AsyncApiCli
{
    /// <summary>The first run installs the CLI with npm ci (about 3 minutes on two busy cores).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public static (int ExitCode, string Output) Validate(string document)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "contracts", "validate-asyncapi.sh");
        var start = new ProcessStartInfo("bash", [script, document])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in {Limit.TotalMinutes} minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
