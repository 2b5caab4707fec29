using System.Diagnostics;

namespace Notifications.AppHost;

/// <summary>
/// RabbitMQ and Redis for the services, under the names their connection strings are read by
/// (<c>ConnectionStrings:rabbitmq</c>, <c>ConnectionStrings:redis</c>). Containers where a Docker engine answers;
/// otherwise the running ones (deploy/local/infra.sh) through connection strings taken from
/// <c>ConnectionStrings__rabbitmq</c> / <c>ConnectionStrings__redis</c>, else <c>RABBITMQ_URL</c> / <c>REDIS_URL</c>,
/// else the local defaults. <c>AppHost:Infrastructure</c> (<c>containers</c> or <c>local</c>) overrides the choice.
/// </summary>
public sealed class Infrastructure
{
    public const string ChoiceKey = "AppHost:Infrastructure";

    private Infrastructure(IResourceBuilder<IResourceWithConnectionString> rabbitmq, IResourceBuilder<IResourceWithConnectionString> redis,
        Func<string> rabbitManagementUrl, bool containers)
    {
        RabbitMq = rabbitmq;
        Redis = redis;
        RabbitManagementUrl = rabbitManagementUrl;
        Containers = containers;
    }

    public IResourceBuilder<IResourceWithConnectionString> RabbitMq { get; }
    public IResourceBuilder<IResourceWithConnectionString> Redis { get; }

    /// <summary>The RabbitMQ management UI, known once the broker runs (a container's port is assigned at start).</summary>
    public Func<string> RabbitManagementUrl { get; }

    public bool Containers { get; }

    public static Infrastructure Add(IDistributedApplicationBuilder builder)
    {
        var choice = builder.Configuration[ChoiceKey];
        var containers = choice switch
        {
            "containers" => true,
            "local" => false,
            null or "" => DockerEngineAnswers(),
            _ => throw new InvalidOperationException($"{ChoiceKey} is '{choice}': use 'containers', 'local' or leave it unset."),
        };
        return containers ? AddContainers(builder) : AddLocal(builder);
    }

    private static Infrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").WithManagementPlugin();
        var redis = builder.AddRedis("redis");
        return new Infrastructure(rabbitmq, redis, () => rabbitmq.GetEndpoint("management").Url, containers: true);
    }

    private static Infrastructure AddLocal(IDistributedApplicationBuilder builder)
    {
        var rabbitUrl = ConnectionString(builder, "rabbitmq", "RABBITMQ_URL", "amqp://guest:guest@localhost:5672/");
        ConnectionString(builder, "redis", "REDIS_URL", "localhost:6379");
        var management = Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URL") is { Length: > 0 } configured
            ? configured
            : $"http://{new Uri(rabbitUrl).Host}:15672/";
        return new Infrastructure(builder.AddConnectionString("rabbitmq"), builder.AddConnectionString("redis"), () => management, containers: false);
    }

    /// <summary>Fills <c>ConnectionStrings:{name}</c> from the variable make and the tests use, when not set itself.</summary>
    private static string ConnectionString(IDistributedApplicationBuilder builder, string name, string variable, string fallback)
    {
        var key = $"ConnectionStrings:{name}";
        if (string.IsNullOrWhiteSpace(builder.Configuration[key]))
            builder.Configuration[key] = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
        return builder.Configuration[key]!;
    }

    /// <summary>`docker info` succeeds only when the engine itself answers, not merely when the CLI is installed.</summary>
    private static bool DockerEngineAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
                return false;
            _ = docker.StandardOutput.ReadToEndAsync();
            _ = docker.StandardError.ReadToEndAsync();
            if (!docker.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                docker.Kill();
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker CLI at all
        }
    }
}
