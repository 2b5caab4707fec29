using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Sends a command straight to a sender's queue, as the router does, so a test can drive one sender alone.</summary>
public static class QueueSending
{
    public static async Task SendToQueueAsync<T>(this IBus bus, string queue, T command) where T : class
    {
        var endpoint = await bus.GetSendEndpoint(QueueNames.Address(queue));
        await endpoint.Send(command);
    }
}
