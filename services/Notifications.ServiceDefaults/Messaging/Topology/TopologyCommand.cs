using Microsoft.Extensions.Configuration;

namespace Notifications.ServiceDefaults.Messaging.Topology;

/// <summary>
/// <c>dotnet Notifications.Gateway.dll --declare-topology</c> (any service): declares the exchanges and queues a platform
/// publishes into, with the service's own configuration, then exits (0 on success). For a platform to run before it
/// deploys, so that nothing it publishes is dropped even if the router has never started.
/// </summary>
public static class TopologyCommand
{
    public const string Flag = "--declare-topology";

    /// <returns>The exit code when the command was asked for; null when the service should start as usual.</returns>
    public static async Task<int?> RunIfAskedAsync(string[] args, IConfiguration configuration)
    {
        if (!args.Contains(Flag))
            return null;
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        try
        {
            await PlatformTopologyDeclaration.DeclareAsync(configuration, messaging, "notifications", CancellationToken.None);
            Console.Out.WriteLine($"Declared the router's queue {QueueNames.Router}, its event exchanges ({string.Join(", ", PlatformTopology.PlatformEvents.Select(PlatformTopology.ExchangeOf))}) and the senders' queues.");
            return 0;
        }
        catch (Exception failure)
        {
            Console.Error.WriteLine($"Could not declare the topology: {failure.Message}");
            return 1;
        }
    }
}
