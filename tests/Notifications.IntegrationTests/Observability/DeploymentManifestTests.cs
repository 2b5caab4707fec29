using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Notifications.IntegrationTests.Observability;

/// <summary>docker-compose.yml and every YAML file under deploy/ parse, pin their images, and say what operators rely on.</summary>
public sealed partial class DeploymentManifestTests
{
    private static readonly string Root = DeployFiles.Root;
    private static readonly string[] Senders = ["email-sender", "sms-sender", "push-sender", "webhook-sender"];

    public static TheoryData<string> YamlFiles()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "docker-compose.yml"))
            .Select(f => Path.GetRelativePath(Root, f));
        return new TheoryData<string>(files);
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void YamlFile_IsWellFormed_AndEveryImageHasAPinnedTag(string file)
    {
        var documents = DeployFiles.Load(file);
        Assert.NotEmpty(documents);
        foreach (var (_, value) in DeployFiles.Scalars(documents.Select(d => d.RootNode)).Where(s => s.Key == "image"))
        {
            var match = PinnedImage().Match(value);
            Assert.True(match.Success && (match.Groups["tag"].Success || match.Groups["digest"].Success), $"{file}: image {value} has no tag or digest");
            Assert.NotEqual("latest", match.Groups["tag"].Value);
        }
    }

    [Fact]
    public void Compose_RunsCollectorJaegerPrometheusGrafana_AndPointsEveryServiceAtTheCollector()
    {
        var services = (YamlMappingNode)((YamlMappingNode)DeployFiles.Load("docker-compose.yml")[0].RootNode)["services"];
        foreach (var name in new[] { "otel-collector", "jaeger", "prometheus", "grafana" })
            Assert.True(services.Children.ContainsKey(name), $"compose has no {name}");
        foreach (var name in new[] { "router", "email-sender", "sms-sender", "push-sender", "webhook-sender", "admin", "gateway" })
        {
            var service = (YamlMappingNode)services[name];
            var environment = DeployFiles.Scalars([service["environment"]]).ToDictionary(s => s.Key, s => s.Value);
            Assert.Equal("http://otel-collector:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        }
    }

    [Fact]
    public void Kubernetes_EachServiceHasProbesResourcesGraceAndDisruptionBudget_AndEachSenderScalesOnItsQueue()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml")
            .SelectMany(f => DeployFiles.Load(Path.GetRelativePath(Root, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();
        string Kind(YamlMappingNode d) => ((YamlScalarNode)d["kind"]).Value!;
        string Name(YamlMappingNode d) => ((YamlScalarNode)((YamlMappingNode)d["metadata"])["name"]).Value!;

        foreach (var service in new[] { "router", "admin", "gateway" }.Concat(Senders))
        {
            var deployment = Assert.Single(documents, d => Kind(d) == "Deployment" && Name(d) == $"notifications-{service}");
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
            Assert.True(int.Parse(((YamlScalarNode)pod["terminationGracePeriodSeconds"]).Value!) > 30 + 5, "grace period must exceed the bus stop timeout plus margin");
            var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
            var values = DeployFiles.Scalars([container]).ToList();
            Assert.Contains(values, v => v.Key == "path" && v.Value == "/health/ready");
            Assert.Contains(values, v => v.Key == "path" && v.Value == "/health/live");
            var resources = (YamlMappingNode)container["resources"];
            Assert.True(resources.Children.ContainsKey("requests") && resources.Children.ContainsKey("limits"));
            Assert.Single(documents, d => Kind(d) == "PodDisruptionBudget" && Name(d) == $"notifications-{service}");
        }

        var queues = documents.Where(d => Kind(d) == "ScaledObject")
            .SelectMany(d => DeployFiles.Scalars([d]).Where(s => s.Key == "queueName").Select(s => s.Value)).Order().ToArray();
        Assert.Equal(["send-email", "send-push", "send-realtime", "send-sms", "send-webhook"], queues);

        var config = Assert.Single(documents, d => Kind(d) == "ConfigMap");
        Assert.Contains(DeployFiles.Scalars([config]), s => s.Key == "Messaging__QuorumQueues" && s.Value == "true");

        // The console and the admin API are reached through the admin service's own Service.
        var admin = Assert.Single(documents, d => Kind(d) == "Service" && Name(d) == "notifications-admin");
        Assert.Contains(DeployFiles.Scalars([admin["spec"]]), s => s.Key == "app.kubernetes.io/name" && s.Value == "notifications-admin");
    }

    [Fact]
    public void Dockerfile_PinsEveryBaseImageToAnExactVersion()
    {
        var froms = File.ReadAllLines(Path.Combine(Root, "deploy", "docker", "Dockerfile"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToList();

        Assert.NotEmpty(froms);
        foreach (var image in froms)
        {
            var match = PinnedImage().Match(image);
            Assert.True(match.Success, $"FROM {image} is not an image reference");
            // A digest pins exactly; a tag must name a patch release (10.0.100, 10.0.0), not a moving 10.0 or latest.
            Assert.True(match.Groups["digest"].Success || ExactVersion().IsMatch(match.Groups["tag"].Value), $"FROM {image} is not pinned to an exact version");
        }
    }

    [Fact]
    public void Kubernetes_ExposesTheTwilioWebhooks_AndConfiguresThemAndRealtime_WithSecretsOnlyInTheSecret()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml")
            .SelectMany(f => DeployFiles.Load(Path.GetRelativePath(Root, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();
        string Kind(YamlMappingNode d) => ((YamlScalarNode)d["kind"]).Value!;

        // The gateway serves them (one host for the internet); the SMS sender has no Service left to reach.
        var ingress = Assert.Single(documents, d => Kind(d) == "Ingress" && DeployFiles.NameOf(d) == "notifications-gateway");
        var paths = DeployFiles.Scalars([ingress]).Where(s => s.Key == "path").Select(s => s.Value).Order().ToArray();
        Assert.Equal(["/events", "/twilio/inbound", "/twilio/status"], paths);
        Assert.DoesNotContain(documents, d => Kind(d) == "Service" && DeployFiles.NameOf(d) == "notifications-sms-sender");

        var config = DeployFiles.Scalars([Assert.Single(documents, d => Kind(d) == "ConfigMap")]).Select(s => s.Key).ToHashSet();
        var secret = DeployFiles.Scalars(documents.Where(d => Kind(d) == "Secret")).Select(s => s.Key).ToHashSet();
        Assert.Contains("Sms__Twilio__PublicWebhookBaseUrl", config);
        Assert.Contains("Realtime__Pusher__AppId", config);
        Assert.Contains("Realtime__Pusher__Key", config);
        Assert.Contains("Realtime__Pusher__Secret", secret);
        Assert.Contains("Webhooks__Url", config);
        Assert.Contains("Webhooks__SigningKey", secret);
        foreach (var secretKey in new[] { "Realtime__Pusher__Secret", "Sms__Twilio__AuthToken", "Push__OneSignal__ApiKey", "Push__PusherBeams__SecretKey", "Webhooks__SigningKey" })
            Assert.DoesNotContain(secretKey, config);
    }

    [Fact]
    public void GrafanaDashboard_IsValidJson_WithThroughputLatencyFailuresAndSuppressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "dashboards", "notifications.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.Contains(expressions, e => e.Contains("notifications_sent_total"));
        Assert.Contains(expressions, e => e.Contains("histogram_quantile") && e.Contains("notifications_delivery_latency_seconds_bucket"));
        Assert.Contains(expressions, e => e.Contains("notifications_failed_total"));
        Assert.Contains(expressions, e => e.Contains("notifications_suppressed_total") && e.Contains("notification_suppression_reason"));
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+([.-][A-Za-z0-9.-]+)?$")]
    private static partial Regex ExactVersion();

    /// <summary>name[:tag][@digest] with a tag or a digest.</summary>
    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9._/-]*(:\d+/[a-z0-9._/-]+)?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?<digest>@sha256:[a-f0-9]{64})?$")]
    private static partial Regex PinnedImage();
}
