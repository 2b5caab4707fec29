using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Simulator;

/// <summary>
/// The chat-platform simulator: publishes participants, presence and a scripted conversation to RabbitMQ,
/// as a chat platform integrating with the system would.
/// <code>
/// dotnet run --project tests/Notifications.Simulator -- demo                 # the scripted conversation (MassTransit envelope)
/// dotnet run --project tests/Notifications.Simulator -- demo --via bare      # bare JSON over AMQP, the AMQP type property set
/// dotnet run --project tests/Notifications.Simulator -- demo --via ingest    # the gateway's signed HTTP ingest
/// </code>
/// The ingest is <c>DEMO_GATEWAY_URL</c> (default http://127.0.0.1:5100) signed with <c>Ingest__SigningKey</c> (default the
/// local demo key of <c>make run</c>).
/// The broker is <c>ConnectionStrings__rabbitmq</c>, else <c>RABBITMQ_URL</c>, else amqp://guest:guest@localhost:5672/.
/// The demo first waits for the router to be ready (<see cref="RouterReadiness"/>).
/// </summary>
public static class SimulatorCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.FirstOrDefault() ?? "demo";
        var via = args.SkipWhile(a => a != "--via").Skip(1).FirstOrDefault() ?? "envelope";
        if (command is not "demo" || via is not ("envelope" or "bare" or "ingest"))
        {
            Console.Error.WriteLine($"Unknown command '{string.Join(' ', args)}'. Usage: Notifications.Simulator demo [--via envelope|bare|ingest]");
            return 2;
        }

        var url = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq") ?? Environment.GetEnvironmentVariable("RABBITMQ_URL");
        RabbitMqConnection connection;
        try
        {
            connection = RabbitMqConnection.Parse(url);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        if (!await RouterReadiness.WaitAsync(Console.Out))
        {
            Console.Error.WriteLine("The router did not become ready: start the services with `make run` (or set DEMO_ROUTER_URL to where the router listens, DEMO_WAIT_SECONDS=0 to publish anyway).");
            return 1;
        }

        IPlatformPublisher publisher;
        try
        {
            publisher = via switch
            {
                "ingest" => new IngestPublisher(new Uri(Environment.GetEnvironmentVariable("DEMO_GATEWAY_URL") ?? "http://127.0.0.1:5100"),
                    Environment.GetEnvironmentVariable("Ingest__SigningKey") ?? "local-demo-ingest-key"),
                "bare" => await BareJsonPublisher.ConnectAsync(connection.ToConnectionFactory("notifications-simulator")),
                _ => await StartEnvelopeAsync(connection),
            };
        }
        catch (Exception ex) when (ex is OperationCanceledException or RabbitMqConnectionException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            Console.Error.WriteLine($"Cannot reach RabbitMQ at {connection.Host}:{connection.Port}. Start it with `make infra` (or `make run`).");
            return 1;
        }

        await using (publisher)
        {
            Console.Out.WriteLine($"Publishing through {via switch { "ingest" => "the gateway's HTTP ingest", "bare" => "bare JSON over AMQP", _ => "the MassTransit envelope over AMQP" }}");
            await DemoConversation.PublishAsync(publisher, Console.Out);
            return 0;
        }
    }

    private static async Task<IPlatformPublisher> StartEnvelopeAsync(RabbitMqConnection connection)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(connection.Host, connection.Port, connection.VirtualHost, host =>
        {
            host.Username(connection.Username);
            host.Password(connection.Password);
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new EnvelopePublisher(bus);
    }
}
