using RabbitMQ.Client;

namespace Notifications.ServiceDefaults.Messaging;

/// <summary>The parts of an <c>amqp://user:pass@host:port/vhost</c> URL, as MassTransit's host configuration wants them.</summary>
public sealed record RabbitMqConnection(string Host, ushort Port, string VirtualHost, string Username, string Password, bool UseTls)
{
    public const string ConfigurationKey = "ConnectionStrings:rabbitmq";
    public const string Default = "amqp://guest:guest@localhost:5672/";

    /// <summary>Parses the URL. The error never repeats the URL: it may hold a password.</summary>
    public static RabbitMqConnection Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            url = Default;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new InvalidOperationException($"{ConfigurationKey} must be an amqp:// or amqps:// URL such as {Default}.");

        var useTls = uri.Scheme == "amqps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (useTls ? 5671 : 5672) : uri.Port;
        if (port > ushort.MaxValue)
            throw new InvalidOperationException($"{ConfigurationKey} has a port out of range.");

        var userInfo = uri.UserInfo.Split(':', 2);
        var username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";

        // "/" and "" are the default vhost; "/%2F" is the escaped form of "/" some tools write.
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var virtualHost = path.Length == 0 ? "/" : path;

        return new RabbitMqConnection(uri.Host, (ushort)port, virtualHost, username, password, useTls);
    }

    /// <summary>A plain RabbitMQ client connection to the same broker, for what MassTransit does not declare
    /// (the router's wait queues) or read (queue depths); it does not recover by itself: callers retry.</summary>
    public ConnectionFactory ToConnectionFactory(string clientName) => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        Ssl = { Enabled = UseTls, ServerName = Host },
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
    };
}
