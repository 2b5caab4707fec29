using MassTransit;

namespace Notifications.Scheduling;

/// <summary>"Deliver this message to queue Q after delay D", through the ladder (<see cref="DelayLadder"/>).</summary>
public sealed class DelayedDelivery(DelayLadderDeclaration declaration)
{
    /// <summary>
    /// Sends <paramref name="message"/> into the ladder; it reaches <paramref name="destinationQueue"/> no earlier
    /// than <paramref name="delay"/> from now (rounded up to whole seconds), usually within a second more. Waits
    /// until the ladder is declared, so a message is held, not dropped, while the broker is not up yet.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or longer than <see cref="DelayLevels.MaxDelay"/>.</exception>
    /// <exception cref="InvalidOperationException">The queue is not one of <see cref="DelayedDeliveryOptions.Destinations"/>.</exception>
    public Task SendAsync<T>(ISendEndpointProvider sender, string destinationQueue, TimeSpan delay, T message, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(sender, destinationQueue, delay, message, _ => { }, cancellationToken);

    /// <param name="configure">Sets what the message carries besides its body (headers, ids).</param>
    public async Task SendAsync<T>(ISendEndpointProvider sender, string destinationQueue, TimeSpan delay, T message,
        Action<SendContext<T>> configure, CancellationToken cancellationToken)
        where T : class
    {
        var seconds = DelayLevels.SecondsOf(delay);
        if (!declaration.Destinations.Contains(destinationQueue))
            throw new InvalidOperationException($"{destinationQueue} is not a destination of the delay ladder: add it to {nameof(DelayedDeliveryOptions)}.{nameof(DelayedDeliveryOptions.Destinations)}.");

        await declaration.Ready.WaitAsync(cancellationToken);
        var endpoint = await sender.GetSendEndpoint(declaration.Ladder.EntryAddress);
        var routingKey = DelayLevels.RoutingKey(seconds, destinationQueue);
        await endpoint.Send(message, context =>
        {
            configure(context);
            context.SetRoutingKey(routingKey);
        }, cancellationToken);
    }
}
