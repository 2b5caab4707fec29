using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Simulator;

/// <summary>
/// The chat-platform simulator: publishes participants, presence and a scripted conversation to RabbitMQ,
/// as a chat platform integrating with the system would.
/// <code>
/// dotnet run --project tests/Notifications.Simulator -- demo     # the scripted conversation
/// </code>
/// The broker is <c>ConnectionStrings__rabbitmq</c>, else <c>RABBITMQ_URL</c>, else amqp://guest:guest@localhost:5672/.
/// The demo first waits for the router to be ready (<see cref="RouterReadiness"/>).
/// </summary>
public static class SimulatorCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.FirstOrDefault() ?? "demo";
        if (command is not "demo")
        {
            Console.Error.WriteLine($"Unknown command '{command}'. Usage: Notifications.Simulator demo");
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

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(connection.Host, connection.Port, connection.VirtualHost, host =>
        {
            host.Username(connection.Username);
            host.Password(connection.Password);
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await bus.StartAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RabbitMqConnectionException)
        {
            Console.Error.WriteLine($"Cannot reach RabbitMQ at {connection.Host}:{connection.Port}. Start it with `make infra` (or `make run`).");
            return 1;
        }

        try
        {
            await DemoConversation.PublishAsync(bus, Console.Out);
            return 0;
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
