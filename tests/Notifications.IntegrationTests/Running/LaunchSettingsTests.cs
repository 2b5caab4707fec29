using System.Text.RegularExpressions;

namespace Notifications.IntegrationTests.Running;

/// <summary>
/// Two services started with `dotnet run` do not collide: each has its own port in its launchSettings.json, the one
/// the bash runner uses; the AppHost takes its ports from the same files and starts every service.
/// </summary>
public sealed class LaunchSettingsTests
{
    [Fact]
    public void EveryService_HasLaunchSettingsWithItsOwnPort_TheOneTheRunnerUses()
    {
        var services = Directory.EnumerateFiles(Path.Combine(RunLayout.Root, "services"), "Program.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains("/bin/") && !path.Contains("/obj/"))
            .Select(path => Path.GetFileName(Path.GetDirectoryName(path))!["Notifications.".Length..])
            .Order().ToList();
        var projects = RunLayout.Projects();
        var ports = RunLayout.Ports();

        Assert.Equal(7, services.Count);
        Assert.Equal(services, projects.Values.Order());
        foreach (var (name, project) in projects)
            Assert.True(RunLayout.LaunchSettingsPort(project) == ports[name],
                $"{project}'s launchSettings.json says {RunLayout.LaunchSettingsPort(project)}, the runner {ports[name]}");
        var launchPorts = services.Select(RunLayout.LaunchSettingsPort).ToList();
        Assert.Equal(launchPorts.Count, launchPorts.Distinct().Count());
        Assert.DoesNotContain(5000, launchPorts);
    }

    [Fact]
    public void TheAppHost_StartsEveryService_UnderTheRunnersName()
    {
        var appHost = File.ReadAllText(Path.Combine(RunLayout.Root, "deploy", "Notifications.AppHost", "AppHost.cs"));
        var added = Regex.Matches(appHost, @"Add<Projects\.Notifications_(?<project>\w+)>\(""(?<name>[^""]+)""\)")
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["project"].Value);
        Assert.Equal(RunLayout.Projects().OrderBy(p => p.Key), added.OrderBy(p => p.Key));
    }
}
