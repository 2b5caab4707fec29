using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.Consumers;

/// <summary>Binds <see cref="SendEmailConsumer"/> to the <c>send-email</c> queue the router sends to.</summary>
public sealed class SendEmailConsumerDefinition : ConsumerDefinition<SendEmailConsumer>
{
    public SendEmailConsumerDefinition()
    {
        EndpointName = QueueNames.SendEmail;
    }
}
