using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Notifications.IntegrationTests.Observability.DeployFiles;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// docker-compose.yml as an operator reads it (no Docker engine runs the tests, so its YAML is what is checked):
/// nothing published beyond this machine, demo secrets that say so and that every client carries, supported
/// RabbitMQ and Jaeger versions, RabbitMQ's queue metrics scraped, and the simulator in a demo profile.
/// </summary>
public sealed partial class ComposeHardeningTests
{
    private static readonly YamlMappingNode Services = (YamlMappingNode)((YamlMappingNode)Load("docker-compose.yml")[0].RootNode)["services"];
    private static readonly string[] OurServices = ["router", "email-sender", "sms-sender", "push-sender", "webhook-sender", "admin", "gateway"];

    [Fact]
    public void EveryPublishedPort_IsBoundToTheLoopbackInterface()
    {
        var published = 0;
        foreach (var (name, service) in Services.Children)
        {
            foreach (var port in (At(service, "ports") as YamlSequenceNode)?.Children ?? [])
            {
                published++;
                var hostIp = port is YamlScalarNode scalar ? scalar.Value!.Split(':')[0] : ScalarAt(port, "host_ip");
                Assert.True(hostIp == "127.0.0.1", $"{name} publishes {(port as YamlScalarNode)?.Value ?? ScalarAt(port, "published")} on every interface");
            }
        }
        Assert.True(published > 10, "compose publishes almost nothing: the test reads the wrong file");
    }

    [Fact]
    public void TheConsole_IsOpen_WithADemoKeyLabelledLocalOnly()
    {
        var key = Resolve(EnvironmentOf("admin")["Admin__ApiKey"]);
        Assert.Contains("local-demo", key);
        // The header says what the demo values are and that they stay on this machine.
        var header = string.Join('\n', File.ReadLines(Path.Combine(Root, "docker-compose.yml")).TakeWhile(l => l.StartsWith('#')));
        Assert.Contains("LOCAL ONLY", header);
        Assert.Contains("NOTIFICATIONS_ADMIN_API_KEY", header);
    }

    [Fact]
    public void Redis_HasAPassword_AndEveryServicesConnectionStringCarriesIt()
    {
        var command = ((YamlSequenceNode)At(Services["redis"], "command")!).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        var at = command.IndexOf("--requirepass");
        Assert.True(at >= 0 && at + 1 < command.Count, "redis runs without --requirepass");
        var password = Resolve(command[at + 1]);
        Assert.False(string.IsNullOrWhiteSpace(password));

        foreach (var service in OurServices)
        {
            var connection = Resolve(EnvironmentOf(service)["ConnectionStrings__redis"]);
            Assert.Contains($"password={password}", connection.Split(',').Select(p => p.Trim()));
        }
        Assert.Equal(password, Resolve(EnvironmentOf("redis")["REDISCLI_AUTH"]));
    }

    [Fact]
    public void RabbitMq_IsA4xRelease_WithItsPrometheusPluginScraped_AndNoGuestAccount()
    {
        var image = ScalarAt(Services["rabbitmq"], "image")!;
        Assert.Matches(@"^rabbitmq:4\.\d+\.\d+-management$", image);

        var mount = ((YamlSequenceNode)At(Services["rabbitmq"], "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value!)
            .Single(v => v.Contains(":/etc/rabbitmq/enabled_plugins", StringComparison.Ordinal));
        var plugins = File.ReadAllText(Path.Combine(Root, mount.Split(':')[0]));
        Assert.Contains("rabbitmq_prometheus", plugins);
        Assert.Contains("rabbitmq_management", plugins);
        // 4.3 refuses the non-durable, non-exclusive bus endpoint queue MassTransit 8.5 declares: the services would not start.
        var conf = ((YamlSequenceNode)At(Services["rabbitmq"], "volumes")!).Children.Select(v => ((YamlScalarNode)v).Value!)
            .Single(v => v.Contains(":/etc/rabbitmq/conf.d/", StringComparison.Ordinal));
        Assert.Contains("deprecated_features.permit.transient_nonexcl_queues = true", File.ReadAllLines(Path.Combine(Root, conf.Split(':')[0])));

        var targets = ((YamlSequenceNode)((YamlMappingNode)Load("deploy/prometheus/prometheus.yml")[0].RootNode)["scrape_configs"]).Children
            .SelectMany(job => ((At(job, "static_configs") as YamlSequenceNode)?.Children ?? []).SelectMany(c => ((YamlSequenceNode)At(c, "targets")!).Children))
            .Select(t => ((YamlScalarNode)t).Value);
        Assert.Contains("rabbitmq:15692", targets);

        var environment = EnvironmentOf("rabbitmq");
        var user = Resolve(environment["RABBITMQ_DEFAULT_USER"]);
        var password = Resolve(environment["RABBITMQ_DEFAULT_PASS"]);
        Assert.NotEqual("guest", user);
        foreach (var service in OurServices.Append("simulator"))
            Assert.StartsWith($"amqp://{user}:{password}@rabbitmq:5672/", Resolve(EnvironmentOf(service)["ConnectionStrings__rabbitmq"]));
    }

    [Fact]
    public void Jaeger_IsA2xRelease_ReceivingOtlpFromTheCollector()
    {
        Assert.Matches(@"^jaegertracing/jaeger:2\.\d+\.\d+$", ScalarAt(Services["jaeger"], "image")!);
        // Jaeger 2 listens on localhost unless told otherwise: the collector reaches it over the compose network.
        Assert.Equal("0.0.0.0", EnvironmentOf("jaeger")["JAEGER_LISTEN_HOST"]);
        var collector = (YamlMappingNode)Load("deploy/otel/collector.yaml")[0].RootNode;
        Assert.Equal("jaeger:4317", ScalarAt(collector, "exporters", "otlp/jaeger", "endpoint"));
    }

    [Fact]
    public void Grafana_HasNoAdminAdminPassword()
    {
        var environment = EnvironmentOf("grafana");
        var password = Resolve(environment["GF_SECURITY_ADMIN_PASSWORD"]);
        Assert.NotEqual("admin", password);
        Assert.Contains("local-demo", password);
        Assert.Contains("${GRAFANA_ADMIN_PASSWORD", environment["GF_SECURITY_ADMIN_PASSWORD"]);
    }

    [Fact]
    public void TheSimulator_IsAServiceOfTheDemoProfile_BuiltFromItsProject()
    {
        var simulator = Services["simulator"];
        Assert.Equal(["demo"], ((YamlSequenceNode)At(simulator, "profiles")!).Children.Select(c => ((YamlScalarNode)c).Value));
        var dockerfile = ScalarAt(simulator, "build", "dockerfile")!;
        var recipe = File.ReadAllText(Path.Combine(Root, dockerfile));
        Assert.Contains("tests/Notifications.Simulator/Notifications.Simulator.csproj", recipe);
        // The root .dockerignore leaves tests/ out: the simulator's build has an ignore file of its own that lets it in.
        var ignore = File.ReadAllLines(Path.Combine(Root, dockerfile + ".dockerignore"));
        Assert.Contains("!tests/Notifications.Simulator/", ignore);
        Assert.Contains("tests/Notifications.Simulator/obj/", ignore);

        var environment = EnvironmentOf("simulator");
        Assert.Equal("http://router:8080", environment["DEMO_ROUTER_URL"]);
        Assert.Equal(Resolve(EnvironmentOf("gateway")["Ingest__SigningKey"]), Resolve(environment["Ingest__SigningKey"]));
        // Every other service runs without a profile: `docker compose up` starts them, not the demo.
        foreach (var (name, service) in Services.Children.Where(s => ((YamlScalarNode)s.Key).Value != "simulator"))
            Assert.True(At(service, "profiles") is null, $"{name} is in a profile");
    }

    private static Dictionary<string, string> EnvironmentOf(string service) =>
        Scalars([At(Services[service], "environment")!]).ToDictionary(s => s.Key, s => s.Value);

    /// <summary>A value as Compose reads it with nothing set in the environment: ${NAME:-default} becomes default.</summary>
    private static string Resolve(string value) => Interpolation().Replace(value, m => m.Groups["default"].Value);

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(:?-(?<default>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
