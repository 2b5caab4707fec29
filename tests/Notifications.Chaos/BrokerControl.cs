using System.Diagnostics;

namespace Notifications.Chaos;

/// <summary>
/// Stops and starts the local RabbitMQ node's application with <c>rabbitmqctl</c> (through sudo when not root,
/// as deploy/local/infra.sh does). <see cref="EnsureRunningAsync"/> leaves it running whatever happened.
/// </summary>
public sealed class BrokerControl
{
    private volatile bool stopped;

    public async Task StopAppAsync()
    {
        stopped = true;
        await RabbitMqCtlAsync("stop_app");
    }

    public async Task StartAppAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
        stopped = false;
    }

    public async Task EnsureRunningAsync()
    {
        if (stopped)
            await StartAppAsync();
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        var asRoot = Environment.UserName == "root";
        var info = asRoot
            ? new ProcessStartInfo("rabbitmqctl", ["-q", command])
            : new ProcessStartInfo("sudo", ["-n", "rabbitmqctl", "-q", command]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not run rabbitmqctl.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {command} failed ({process.ExitCode}): {(await error).Trim()}");
    }
}
