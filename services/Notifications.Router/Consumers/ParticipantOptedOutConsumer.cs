using MassTransit;
using Notifications.Contracts;
using Notifications.EventValidation;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.OptOuts;

namespace Notifications.Router.Consumers;

/// <summary>
/// Stores an opt-out the gateway (unsubscribe link) or the SMS sender (STOP, Twilio's 21610) published: the router is
/// the one writer of <see cref="OptOutStore"/>, which its routing snapshot reads. The opt-out is kept against the
/// address too (the one given, else the directory's for that channel), so it outlives an erasure of the participant.
/// </summary>
public sealed class ParticipantOptedOutConsumer(OptOutStore optOuts, ParticipantDirectory directory, ILogger<ParticipantOptedOutConsumer> logger)
    : IConsumer<ParticipantOptedOut>
{
    private static readonly ParticipantOptedOutValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantOptedOut> context)
    {
        var optedOut = context.Message;
        Validator.EnsureValid(optedOut);
        var addresses = await ChannelAddresses.OfAsync(directory, optedOut.ParticipantId, optedOut.Channel, optedOut.Address);
        var added = await optOuts.OptOutAsync(optedOut.ParticipantId, optedOut.Channel, optedOut.Reason, optedOut.At, addresses);
        logger.LogInformation("Participant {ParticipantId} opted out of {Channel} ({Reason}){Repeat}", optedOut.ParticipantId, optedOut.Channel,
            optedOut.Reason, added ? "" : ": already opted out");
    }
}

/// <summary>Clears an SMS opt-out when the participant texted START (Twilio unblocks the number itself).</summary>
public sealed class ParticipantOptedInConsumer(OptOutStore optOuts, ParticipantDirectory directory, ILogger<ParticipantOptedInConsumer> logger)
    : IConsumer<ParticipantOptedIn>
{
    private static readonly ParticipantOptedInValidator Validator = new();

    public async Task Consume(ConsumeContext<ParticipantOptedIn> context)
    {
        var optedIn = context.Message;
        Validator.EnsureValid(optedIn);
        var addresses = await ChannelAddresses.OfAsync(directory, optedIn.ParticipantId, optedIn.Channel, optedIn.Address);
        var removed = await optOuts.OptInAsync(optedIn.ParticipantId, optedIn.Channel, addresses);
        logger.LogInformation("Participant {ParticipantId} opted in to {Channel} again ({Reason}){Repeat}", optedIn.ParticipantId, optedIn.Channel,
            optedIn.Reason, removed ? "" : ": was not opted out");
    }
}

/// <summary>The addresses an opt-out concerns: the one the event names and the directory's for the channel.</summary>
internal static class ChannelAddresses
{
    public static async Task<string?[]> OfAsync(ParticipantDirectory directory, string participantId, string channel, string? given)
    {
        var entry = await directory.FindAsync(participantId);
        var stored = channel switch
        {
            Channels.Email => entry?.Email,
            Channels.Sms => entry?.Phone,
            _ => null,
        };
        return [given, stored];
    }
}

public sealed class ParticipantOptedOutConsumerDefinition : ConsumerDefinition<ParticipantOptedOutConsumer>
{
    public ParticipantOptedOutConsumerDefinition() => EndpointName = QueueNames.Router;
}

public sealed class ParticipantOptedInConsumerDefinition : ConsumerDefinition<ParticipantOptedInConsumer>
{
    public ParticipantOptedInConsumerDefinition() => EndpointName = QueueNames.Router;
}
