using YamlDotNet.RepresentationModel;
using static Notifications.IntegrationTests.Observability.DeployFiles;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// deploy/k8s as the cluster would judge it: every pod meets the "restricted" Pod Security level (the namespace
/// enforces it), each service gets only the secrets it uses, the example configuration starts as written, only the
/// public edge has an Ingress, and KEDA counts in-flight messages too. The image's user is numeric and its restore
/// layer lists every project.
/// </summary>
public sealed class KubernetesHardeningTests
{
    private static readonly string[] Services = ["router", "email-sender", "sms-sender", "push-sender", "webhook-sender", "admin", "gateway"];
    private static readonly List<YamlMappingNode> Documents = Kubernetes();

    public static TheoryData<string> Deployments() => new(Services);

    [Theory]
    [MemberData(nameof(Deployments))]
    public void EveryPod_MeetsTheRestrictedPodSecurityLevel(string service)
    {
        var pod = PodOf(service);
        Assert.Equal("false", ScalarAt(pod, "automountServiceAccountToken"));
        Assert.Equal("true", ScalarAt(pod, "securityContext", "runAsNonRoot"));
        Assert.True(int.TryParse(ScalarAt(pod, "securityContext", "runAsUser"), out var user) && user > 0, $"{service}: runAsUser must be a non-root number");
        Assert.Contains(ScalarAt(pod, "securityContext", "seccompProfile", "type"), new[] { "RuntimeDefault", "Localhost" });
        foreach (var forbidden in new[] { "hostNetwork", "hostPID", "hostIPC" })
            Assert.NotEqual("true", ScalarAt(pod, forbidden));
        var volumes = At(pod, "volumes") as YamlSequenceNode;
        Assert.DoesNotContain(volumes?.Children ?? [], volume => At(volume, "hostPath") is not null);

        foreach (var container in ((YamlSequenceNode)At(pod, "containers")!).Children)
        {
            Assert.Equal("false", ScalarAt(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", ScalarAt(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.NotEqual("true", ScalarAt(container, "securityContext", "privileged"));
            var dropped = ((YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")!).Children.Select(c => ((YamlScalarNode)c).Value);
            Assert.Contains("ALL", dropped);
            Assert.Null(At(container, "securityContext", "capabilities", "add"));
            // A read-only root: what the service writes (record folders, temporary files) has a volume of its own.
            var mounts = ((YamlSequenceNode)At(container, "volumeMounts")!).Children.Select(m => ScalarAt(m, "mountPath")).ToList();
            Assert.Contains("/app/var", mounts);
            Assert.Contains("/tmp", mounts);
        }
    }

    [Fact]
    public void TheNamespace_EnforcesTheRestrictedLevel()
    {
        var ns = Assert.Single(Documents, d => KindOf(d) == "Namespace");
        Assert.Equal("restricted", ScalarAt(ns, "metadata", "labels", "pod-security.kubernetes.io/enforce"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void EachService_ReadsOnlyItsOwnSecret(string service)
    {
        var pod = PodOf(service);
        var secretRefs = Scalars([pod]).Where(s => s.Key == "name" && s.Value.EndsWith("-secrets", StringComparison.Ordinal)).Select(s => s.Value).Distinct().ToList();
        Assert.Equal([$"notifications-{service}-secrets"], secretRefs);
        Assert.Single(Documents, d => KindOf(d) == "Secret" && NameOf(d) == $"notifications-{service}-secrets");
    }

    [Fact]
    public void TheRouterHoldsNoProviderSecret_AndTheGatewayOnlyWhatChecksTwilioWebhooks()
    {
        foreach (var providerSecret in new[] { "Email__Smtp__Password", "Sms__Twilio__AuthToken", "Push__OneSignal__ApiKey", "Realtime__Pusher__Secret", "Secrets__EncryptionKey" })
            Assert.DoesNotContain(providerSecret, SecretKeysOf("router"));
        // The Twilio token checks webhook signatures; the stored-settings key reads a token entered in the console.
        var gateway = SecretKeysOf("gateway");
        Assert.Contains("Sms__Twilio__AuthToken", gateway);
        Assert.Contains("Secrets__EncryptionKey", gateway);
        foreach (var providerSecret in new[] { "Email__Smtp__Password", "Sms__Twilio__AccountSid", "Push__OneSignal__ApiKey", "Realtime__Pusher__Secret" })
            Assert.DoesNotContain(providerSecret, gateway);
        Assert.Contains("Sms__Twilio__AuthToken", SecretKeysOf("sms-sender"));
        Assert.DoesNotContain("Email__Smtp__Password", SecretKeysOf("sms-sender"));
        Assert.Contains("Admin__ApiKey", SecretKeysOf("admin"));
    }

    [Fact]
    public void TheExampleConfiguration_StartsAsWritten()
    {
        // A malformed Secrets:EncryptionKey stops every service that has it: the example's must be 32 bytes of base64.
        var keys = Documents.Where(d => KindOf(d) == "Secret").SelectMany(d => Scalars([d])).Where(s => s.Key == "Secrets__EncryptionKey").Select(s => s.Value).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
            Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Single(keys.Distinct());
    }

    [Fact]
    public void OnlyThePublicEdge_HasAnIngress_AndTheAdminServiceStaysInside()
    {
        var backends = Documents.Where(d => KindOf(d) == "Ingress")
            .SelectMany(d => Scalars([d]).Where(s => s.Key == "name" && s.Value.StartsWith("notifications-", StringComparison.Ordinal)).Select(s => s.Value))
            .Where(name => Services.Any(service => name == $"notifications-{service}")).Distinct().Order().ToArray();
        // Twilio's webhooks too are on the gateway: one host for the internet.
        Assert.Equal(["notifications-gateway"], backends);
        var admin = Assert.Single(Documents, d => KindOf(d) == "Service" && NameOf(d) == "notifications-admin");
        Assert.Equal("ClusterIP", ScalarAt(admin, "spec", "type"));
    }

    [Fact]
    public void Keda_CountsReadyAndUnacknowledgedMessages_ThroughTheManagementApi()
    {
        var triggers = Documents.Where(d => KindOf(d) == "ScaledObject").SelectMany(d => ((YamlSequenceNode)At(d, "spec", "triggers")!).Children).ToList();
        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger => Assert.Equal("http", ScalarAt(trigger, "metadata", "protocol")));
        var management = Scalars(Documents.Where(d => KindOf(d) == "Secret")).Single(s => s.Key == "rabbitmq-management").Value;
        Assert.StartsWith("http", management);
        Assert.Contains(":15672/", management);
    }

    [Fact]
    public void TheImage_RunsAsANumericUser_OnItsOwnPort_WithARestoreLayerOfEveryProject()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "deploy", "docker", "Dockerfile")).Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToList();
        var user = Assert.Single(dockerfile, l => l.StartsWith("USER ", StringComparison.Ordinal))[5..].Trim();
        Assert.True(user == "$APP_UID" || int.TryParse(user, out _), $"USER {user} is a name: Kubernetes cannot verify it is not root");
        Assert.DoesNotContain(dockerfile, l => l.Contains("ASPNETCORE_URLS", StringComparison.Ordinal));

        var restore = dockerfile.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "no restore layer");
        var copiedProjects = dockerfile.Take(restore).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToHashSet();
        var projects = new[] { "contracts", "services" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains("/bin/") && !path.Contains("/obj/") && !path.Contains("node_modules"))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'));
        foreach (var project in projects)
            Assert.True(copiedProjects.Contains(project), $"the restore layer does not copy {project}");

        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet();
        foreach (var pattern in new[] { ".git", "**/bin/", "**/obj/", "var/", "tests/" })
            Assert.Contains(pattern, ignored);
    }

    private static YamlMappingNode PodOf(string service)
    {
        var deployment = Assert.Single(Documents, d => KindOf(d) == "Deployment" && NameOf(d) == $"notifications-{service}");
        return (YamlMappingNode)At(deployment, "spec", "template", "spec")!;
    }

    private static HashSet<string> SecretKeysOf(string service) =>
        ((YamlMappingNode)At(Assert.Single(Documents, d => KindOf(d) == "Secret" && NameOf(d) == $"notifications-{service}-secrets"), "stringData")!)
            .Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
}
