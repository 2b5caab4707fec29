namespace Notifications.ServiceDefaults.Messaging;

/// <summary>The broker queue behind a receive endpoint's input address (<c>rabbitmq://host/vhost/send-push</c>).</summary>
public static class ReceiveQueueName
{
    /// <summary>The queue's name, or null for the bus's own temporary queue: it is deleted with the connection and
    /// carries only responses, so it is not watched.</summary>
    public static string? Of(Uri inputAddress)
    {
        var query = inputAddress.Query;
        if (query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase) || query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase))
            return null;
        var path = inputAddress.AbsolutePath.TrimEnd('/');
        var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        return name.Length == 0 ? null : name;
    }
}
