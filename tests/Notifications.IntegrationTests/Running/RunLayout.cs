using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Observability;

namespace Notifications.IntegrationTests.Running;

/// <summary>
/// What the two runners agree on, read from the repository: each service's project, its name in the runs and its
/// port (the bash runner's PORTS, each project's Properties/launchSettings.json), and the environment that points a
/// run at one test's own vhost, Redis key prefix and record folders.
/// </summary>
public static partial class RunLayout
{
    public static readonly string Root = DeployFiles.Root;

    /// <summary>Release or Debug: the one this test assembly was built in, and so the services beside it.</summary>
    public static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>Service name in the runs (the AppHost's resource names) → project, from the bash runner.</summary>
    public static Dictionary<string, string> Projects() => Pairs("PROJECTS");

    /// <summary>Service name → port, from the bash runner.</summary>
    public static Dictionary<string, int> Ports() => Pairs("PORTS").ToDictionary(p => p.Key, p => int.Parse(p.Value));

    /// <summary>The port of the "http" profile of a project's Properties/launchSettings.json.</summary>
    public static int LaunchSettingsPort(string project)
    {
        var path = Path.Combine(Root, "services", $"Notifications.{project}", "Properties", "launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var url = json.RootElement.GetProperty("profiles").GetProperty("http").GetProperty("applicationUrl").GetString()!;
        return new Uri(url.Split(';')[0]).Port;
    }

    public static string ServiceDll(string project) =>
        Path.Combine(Root, "services", $"Notifications.{project}", "bin", Configuration, "net10.0", $"Notifications.{project}.dll");

    /// <summary>Service processes of this repository still running (as `dotnet X.dll` or as the X apphost executable).</summary>
    public static Dictionary<int, string> ServiceProcesses() => RunProcess.Running(Path.Combine(Root, "services") + "/Notifications.")
        .Where(p => p.Value.Contains("/bin/", StringComparison.Ordinal))
        .ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A run's environment: this test's vhost, Redis and key prefix, and record folders under <paramref name="records"/>.</summary>
    public static Dictionary<string, string> Environment(IsolatedInfrastructure infrastructure, string records) => new()
    {
        ["ConnectionStrings__rabbitmq"] = infrastructure.VirtualHost.AmqpUrl.ToString(),
        ["ConnectionStrings__redis"] = infrastructure.Environment.RedisConfiguration,
        ["RABBITMQ_MANAGEMENT_URL"] = infrastructure.Environment.RabbitMqManagementUrl.ToString(),
        ["Redis__KeyPrefix"] = infrastructure.KeyPrefix,
        ["Email__PickupDirectory"] = Path.Combine(records, "mail-pickup"),
        ["Sms__RecordDirectory"] = Path.Combine(records, "sms-outbox"),
        ["Push__RecordDirectory"] = Path.Combine(records, "push-outbox"),
        ["Realtime__RecordDirectory"] = Path.Combine(records, "realtime-outbox"),
    };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Dictionary<string, string> Pairs(string array)
    {
        var runner = File.ReadAllText(Path.Combine(Root, "deploy", "local", "run-services.sh"));
        var declaration = Regex.Match(runner, $@"declare -A {array}=\((?<pairs>[^)]*)\)");
        Assert.True(declaration.Success, $"deploy/local/run-services.sh declares no {array}");
        return Pair().Matches(declaration.Groups["pairs"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
    }

    [GeneratedRegex(@"\[(?<key>[^\]]+)\]=(?<value>\S+)")]
    private static partial Regex Pair();
}
