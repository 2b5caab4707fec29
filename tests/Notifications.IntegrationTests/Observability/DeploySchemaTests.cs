using System.Diagnostics;
using static Notifications.IntegrationTests.Observability.DeployFiles;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// deploy/k8s against the Kubernetes and KEDA schemas, docker-compose.yml against the compose specification
/// (deploy/checks/validate-deploy.sh, offline, installed on first use). The check could pass for the wrong reason
/// (a validator that checks nothing), so broken copies must fail it, each naming what is wrong.
/// </summary>
public sealed class DeploySchemaTests
{
    /// <summary>The first run installs the validators with npm ci (under a minute; more on two busy cores).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void EveryManifest_AndTheComposeFile_AreValid()
    {
        var (exitCode, output) = Validate();
        Assert.True(exitCode == 0, $"deploy/checks/validate-deploy.sh exited {exitCode}:\n{output}");
        Assert.Contains("Kubernetes documents in", output);
    }

    [Theory]
    // A misspelt field: the schema alone allows it (no additionalProperties: false), kubectl refuses it.
    [InlineData("router.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "readOnlyRootFileSystem: unknown field")]
    [InlineData("router.yaml", "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: soon", "terminationGracePeriodSeconds: must be integer")]
    [InlineData("admin.yaml", "kind: Service\n", "kind: Servic\n", "no schema for apiVersion v1 kind Servic")]
    [InlineData("email-sender.yaml", "scaleTargetRef:", "scaleTarget:", "must have required property scaleTargetRef")]
    [InlineData("keda.yaml", "secretTargetRef:", "secretTargetRefs:", "secretTargetRefs: unknown field")]
    public void A_broken_manifest_fails_naming_the_problem(string file, string from, string to, string expected)
    {
        var copy = BrokenCopy(file, from, to);
        try
        {
            var (exitCode, output) = Validate("--k8s", Path.Combine(copy, "k8s"), "--compose", Path.Combine(copy, "docker-compose.yml"));
            Assert.True(exitCode != 0, $"the check accepted {file} with {to.Trim()}:\n{output}");
            Assert.Contains(expected, output);
            Assert.Contains(file, output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_broken_compose_file_fails_naming_the_problem()
    {
        var copy = BrokenCopy("docker-compose.yml", "stop_grace_period:", "stop_grace_periods:");
        try
        {
            var (exitCode, output) = Validate("--k8s", Path.Combine(copy, "k8s"), "--compose", Path.Combine(copy, "docker-compose.yml"));
            Assert.True(exitCode != 0, $"the check accepted a compose file with stop_grace_periods:\n{output}");
            Assert.Contains("must NOT have additional properties (stop_grace_periods)", output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>A copy of deploy/k8s and docker-compose.yml in which <paramref name="file"/> has its first <paramref name="from"/> replaced.</summary>
    private static string BrokenCopy(string file, string from, string to)
    {
        var copy = Directory.CreateTempSubdirectory("deploy-checks-").FullName;
        Directory.CreateDirectory(Path.Combine(copy, "k8s"));
        foreach (var manifest in Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml"))
            File.Copy(manifest, Path.Combine(copy, "k8s", Path.GetFileName(manifest)));
        File.Copy(Path.Combine(Root, "docker-compose.yml"), Path.Combine(copy, "docker-compose.yml"));

        var target = file == "docker-compose.yml" ? Path.Combine(copy, file) : Path.Combine(copy, "k8s", file);
        var text = File.ReadAllText(target);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} no longer contains {from.Trim()}: the broken copy would be the original");
        File.WriteAllText(target, text[..at] + to + text[(at + from.Length)..]);
        return copy;
    }

    private static (int ExitCode, string Output) Validate(params string[] arguments)
    {
        var script = Path.Combine(Root, "deploy", "checks", "validate-deploy.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
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
