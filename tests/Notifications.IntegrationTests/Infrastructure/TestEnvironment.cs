using System.Net.Sockets;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Finds the real RabbitMQ and Redis the integration tests run against: <c>RABBITMQ_URL</c> / <c>REDIS_URL</c>
/// when set (what <c>make test</c> does), otherwise containers where a Docker engine answers. With neither,
/// the tests fail and say how to start them: they are never skipped silently.
/// </summary>
public sealed class TestEnvironment : IAsyncDisposable
{
    // Pinned so a run is reproducible.
    private const string RabbitMqImage = "rabbitmq:3.13.7-management";
    private const string RedisImage = "redis:7.4.1";

    private readonly RabbitMqContainer? rabbitContainer;
    private readonly RedisContainer? redisContainer;

    public Uri RabbitMqUrl { get; }
    public Uri RabbitMqManagementUrl { get; }
    public string RedisConfiguration { get; }

    private TestEnvironment(Uri rabbit, Uri management, string redis, RabbitMqContainer? rabbitContainer = null, RedisContainer? redisContainer = null)
    {
        RabbitMqUrl = rabbit;
        RabbitMqManagementUrl = management;
        RedisConfiguration = redis;
        this.rabbitContainer = rabbitContainer;
        this.redisContainer = redisContainer;
    }

    public static async Task<TestEnvironment> StartAsync()
    {
        var rabbitUrl = Environment.GetEnvironmentVariable("RABBITMQ_URL");
        var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
        if (!string.IsNullOrWhiteSpace(rabbitUrl) && !string.IsNullOrWhiteSpace(redisUrl))
        {
            var rabbit = new Uri(rabbitUrl);
            var management = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URL") ?? $"http://{rabbit.Host}:15672/");
            await EnsureReachableAsync(rabbit.Host, rabbit.IsDefaultPort ? 5672 : rabbit.Port, "RabbitMQ", "RABBITMQ_URL");
            await EnsureReachableAsync(management.Host, management.Port, "the RabbitMQ management API (plugin rabbitmq_management)", "RABBITMQ_MANAGEMENT_URL");
            var redisEndpoint = redisUrl.Split(',')[0].Split(':');
            await EnsureReachableAsync(redisEndpoint[0], redisEndpoint.Length > 1 ? int.Parse(redisEndpoint[1]) : 6379, "Redis", "REDIS_URL");
            return new TestEnvironment(rabbit, management, redisUrl);
        }

        if (DockerEngineAnswers())
        {
            var rabbitContainer = new RabbitMqBuilder(RabbitMqImage).WithPortBinding(15672, true).Build();
            var redisContainer = new RedisBuilder(RedisImage).Build();
            await Task.WhenAll(rabbitContainer.StartAsync(), redisContainer.StartAsync());
            var management = new Uri($"http://{rabbitContainer.Hostname}:{rabbitContainer.GetMappedPublicPort(15672)}/");
            return new TestEnvironment(new Uri(rabbitContainer.GetConnectionString()), management,
                redisContainer.GetConnectionString(), rabbitContainer, redisContainer);
        }

        throw new InvalidOperationException(
            "The integration tests need a real RabbitMQ and Redis, and neither RABBITMQ_URL/REDIS_URL is set nor does a Docker engine answer. " +
            "Run them with `make test` (it starts both), or start both with `deploy/local/infra.sh up` and set " +
            "RABBITMQ_URL=amqp://guest:guest@localhost:5672/ REDIS_URL=localhost:6379.");
    }

    private static bool DockerEngineAnswers()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host))
            return true;
        if (!File.Exists("/var/run/docker.sock"))
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint("/var/run/docker.sock"));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task EnsureReachableAsync(string host, int port, string what, string variable)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"{what} does not answer on {host}:{port} ({variable}). Start it with `deploy/local/infra.sh up` or `make infra`.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (rabbitContainer is not null)
            await rabbitContainer.DisposeAsync();
        if (redisContainer is not null)
            await redisContainer.DisposeAsync();
    }
}
