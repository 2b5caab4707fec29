using System.Diagnostics;
using StackExchange.Redis;

namespace Notifications.Chaos;

/// <summary>
/// Makes the local Redis hang (<c>CLIENT PAUSE</c>: connections stay open, commands wait) and restarts it with its
/// data: <c>SHUTDOWN</c> writes the append-only file, and <c>deploy/local/infra.sh up</c> starts it again from
/// <c>var/redis</c>, as <c>make run</c> and <c>make test</c> do.
/// </summary>
public sealed class RedisControl(string repositoryRoot, string configuration)
{
    public async Task PauseAsync(TimeSpan duration)
    {
        await using var admin = await ConnectAdminAsync();
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", (long)duration.TotalMilliseconds, "ALL");
    }

    public async Task RestartAsync()
    {
        await using (var admin = await ConnectAdminAsync())
        {
            var server = admin.GetServer(admin.GetEndPoints()[0]);
            var appendOnly = (await server.ConfigGetAsync("appendonly")).FirstOrDefault().Value;
            if (appendOnly != "yes")
                throw new InvalidOperationException("Redis runs without its append-only file, so a restart would lose its data: start it with deploy/local/infra.sh.");
            try
            {
                await server.ExecuteAsync("SHUTDOWN");
            }
            catch (RedisConnectionException)
            {
                // The server closes the connection as it exits: that is the answer.
            }
        }
        var start = Process.Start(new ProcessStartInfo(Path.Combine(repositoryRoot, "deploy", "local", "infra.sh"), ["up"])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not run deploy/local/infra.sh.");
        var error = start.StandardError.ReadToEndAsync();
        await start.StandardOutput.ReadToEndAsync();
        await start.WaitForExitAsync();
        if (start.ExitCode != 0)
            throw new InvalidOperationException($"deploy/local/infra.sh up failed ({start.ExitCode}): {(await error).Trim()}");
    }

    private Task<ConnectionMultiplexer> ConnectAdminAsync()
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
