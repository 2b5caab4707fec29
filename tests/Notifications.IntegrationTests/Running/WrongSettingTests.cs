namespace Notifications.IntegrationTests.Running;

/// <summary>
/// A wrong setting stops a service before it starts, with one line naming the key (never its value) and exit code
/// 78, no stack trace: what an operator reads in `kubectl logs` or the run's log.
/// </summary>
[Collection(RunningCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WrongSettingTests
{
    [Theory]
    [InlineData("Admin", "Secrets__EncryptionKey", "change-me", "Secrets:EncryptionKey")]
    [InlineData("Router", "Messaging__RetryLimit", "-5", "Messaging:RetryLimit")]
    [InlineData("Gateway", "Ingest__MaxBodyBytes", "12", "Ingest:MaxBodyBytes")]
    public async Task AWrongSetting_ExitsWith78_AndOneLineNamingTheKey(string project, string variable, string value, string key)
    {
        var environment = new Dictionary<string, string>
        {
            [variable] = value,
            // Should it start after all, it binds no port another test uses, and the test fails on the exit code.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        if (Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } redis)
            environment["ConnectionStrings__redis"] = redis;
        if (Environment.GetEnvironmentVariable("RABBITMQ_URL") is { Length: > 0 } rabbit)
            environment["ConnectionStrings__rabbitmq"] = rabbit;

        await using var service = RunProcess.Start("dotnet", [RunLayout.ServiceDll(project)], environment);
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(90));

        var lines = service.Output.Where(l => l.Trim().Length > 0).ToList();
        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{service.Transcript}");
        var line = Assert.Single(lines);
        Assert.Contains(key, line);
        Assert.StartsWith($"Notifications.{project}: invalid configuration:", line);
        Assert.DoesNotContain(" at ", line);
        Assert.DoesNotContain(value, line.Replace(key, ""));
    }
}
