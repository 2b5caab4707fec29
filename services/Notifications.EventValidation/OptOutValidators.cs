using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>Checks a <c>ParticipantOptedOut</c> before it is stored: a participant and a channel one can opt out of.</summary>
public sealed class ParticipantOptedOutValidator : IMessageValidator<ParticipantOptedOut>
{
    public string? Problem(ParticipantOptedOut optedOut) =>
        OptOutChannel.Problem(optedOut.ParticipantId, optedOut.Channel) is { } problem ? "Invalid ParticipantOptedOut: " + problem : null;
}

/// <summary>Checks a <c>ParticipantOptedIn</c> before the opt-out it ends is cleared.</summary>
public sealed class ParticipantOptedInValidator : IMessageValidator<ParticipantOptedIn>
{
    public string? Problem(ParticipantOptedIn optedIn) =>
        OptOutChannel.Problem(optedIn.ParticipantId, optedIn.Channel) is { } problem ? "Invalid ParticipantOptedIn: " + problem : null;
}

internal static class OptOutChannel
{
    public static string? Problem(string participantId, string channel) =>
        IdValidator.Problem(participantId, "participantId")
        ?? (channel is Channels.Email or Channels.Sms or Channels.Push ? null : $"channel must be \"email\", \"sms\" or \"push\", not \"{IdValidator.Shown(channel)}\".");
}
