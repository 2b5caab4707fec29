using MassTransit;

namespace Notifications.ServiceDefaults.Messaging.Redelivery;

/// <summary>
/// Puts a copy of the message being consumed back into its own queue after a delay, durably (the message is in the
/// broker the whole time). Implemented by Notifications.Scheduling on the delay ladder; a service without one keeps
/// MassTransit's behaviour (the error queue after the in-memory retries).
/// </summary>
public interface IRedeliveryTransport
{
    Task RedeliverAsync<T>(ConsumeContext<T> context, TimeSpan delay, Action<SendContext> setHeaders) where T : class;
}
