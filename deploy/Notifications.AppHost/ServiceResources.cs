using System.Collections;

namespace Notifications.AppHost;

/// <summary>
/// Adds a service as a project resource: its port from its launchSettings.json (the one `make run-plain` uses,
/// bound directly, no proxy), ready when its <c>/health/ready</c> answers, with the broker and Redis, and the
/// environment the bash runner gives it: the local-only demo keys, the record folders under the repository's
/// var/, and every hierarchical setting (<c>Section__Key</c>) of the AppHost's own environment.
/// </summary>
public sealed class ServiceResources(IDistributedApplicationBuilder builder, Infrastructure infrastructure, string repositoryRoot)
{
    // LOCAL ONLY, as in deploy/local/run-services.sh: the console's sign-in key and the ingest's signing key.
    private static readonly Dictionary<string, string> LocalDemoSettings = new()
    {
        ["Admin__ApiKey"] = "local-demo-admin-key",
        ["Ingest__SigningKey"] = "local-demo-ingest-key",
        // Not a secret: a short delay window, so a newcomer sees two quick messages become one email (production: 120 s).
        ["Email__DelaySeconds"] = "8",
        // LOCAL ONLY: users' emails carry one-click unsubscribe links to the gateway.
        ["Email__PublicBaseUrl"] = "http://127.0.0.1:5100",
        ["Email__UnsubscribeSigningKey"] = "local-demo-unsubscribe-key-0123456789",
    };

    // A project runs in its own folder: relative record folders would land there, not in the repository's var/.
    private static readonly Dictionary<string, string> RecordFolders = new()
    {
        ["Email__PickupDirectory"] = "var/mail-pickup",
        ["Sms__RecordDirectory"] = "var/sms-outbox",
        ["Push__RecordDirectory"] = "var/push-outbox",
        ["Realtime__RecordDirectory"] = "var/realtime-outbox",
    };

    private readonly List<string> names = [];

    public IReadOnlyList<string> Names => names;

    public IResourceBuilder<ProjectResource> Add<TProject>(string name) where TProject : IProjectMetadata, new()
    {
        names.Add(name);
        var service = builder.AddProject<TProject>(name)
            .WithEndpoint("http", endpoint => endpoint.IsProxied = false)
            .WithHttpHealthCheck("/health/ready")
            .WithReference(infrastructure.RabbitMq)
            .WithReference(infrastructure.Redis);
        if (infrastructure.Containers)
            service.WaitFor(infrastructure.RabbitMq).WaitFor(infrastructure.Redis);

        var inherited = InheritedSettings();
        foreach (var (key, value) in LocalDemoSettings)
            service.WithEnvironment(key, inherited.GetValueOrDefault(key, value));
        foreach (var (key, folder) in RecordFolders)
            service.WithEnvironment(key, inherited.GetValueOrDefault(key, Path.Combine(repositoryRoot, folder)));
        foreach (var (key, value) in inherited.Where(s => !LocalDemoSettings.ContainsKey(s.Key) && !RecordFolders.ContainsKey(s.Key)))
            service.WithEnvironment(key, value);
        return service;
    }

    /// <summary>
    /// <c>Section__Key</c> variables of this process, as the bash runner passes them through; connection strings
    /// come from <see cref="Infrastructure"/>, and Aspire's, .NET's and ASP.NET Core's own variables stay the AppHost's.
    /// </summary>
    private static Dictionary<string, string> InheritedSettings() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => (Key: (string)entry.Key, Value: (string?)entry.Value ?? ""))
            .Where(entry => entry.Key.Contains("__", StringComparison.Ordinal)
                && !entry.Key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                && !entry.Key.StartsWith("ASPIRE", StringComparison.OrdinalIgnoreCase)
                && !entry.Key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase)
                && !entry.Key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                && !entry.Key.StartsWith("AppHost__", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(entry => entry.Key, entry => entry.Value);
}
