namespace Notifications.AppHost;

/// <summary>What the run's one ready line names: the services to wait for and the URLs a newcomer opens.</summary>
public sealed class RunSummary(IReadOnlyList<string> services, IResourceBuilder<ProjectResource> admin,
    IResourceBuilder<ProjectResource> gateway, Infrastructure infrastructure)
{
    public IReadOnlyList<string> Services { get; } = services;

    /// <summary>Called once every service is healthy, when every endpoint has its port.</summary>
    public string ReadyLine(string dashboardUrl)
    {
        var gatewayUrl = gateway.GetEndpoint("http").Url;
        return $"Ready: {Services.Count} services healthy. Dashboard {dashboardUrl} · console {admin.GetEndpoint("http").Url}/console " +
            $"(local demo key local-demo-admin-key) · ingest {gatewayUrl}/events/{{EventName}} · RabbitMQ UI {infrastructure.RabbitManagementUrl()} · Ctrl-C stops.";
    }
}
