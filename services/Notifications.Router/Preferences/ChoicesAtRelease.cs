using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.SharedState.AddressMarks;
using Notifications.SharedState.OptOuts;

namespace Notifications.Router.Preferences;

/// <summary>
/// The recipient's choices as they are when a held notification is released (the end of its delay window or of the
/// quiet hours), not as they were when it was decided: an opt-out (the preference turned off, an unsubscribe, a STOP),
/// a muted conversation, a bounced address or the recipient's removal from the directory that came meanwhile
/// suppresses it with that reason
/// (<see cref="PreferenceFilter"/>, the same rows as at decision time).
/// </summary>
public sealed class ChoicesAtRelease(ParticipantDirectory directory, OptOutStore optOuts, AddressMarkStore marks)
{
    /// <summary>The recipient as they are now; null when they left the directory meanwhile.</summary>
    public async Task<Candidate?> RecipientAsync(string recipientId)
    {
        var participant = await directory.FindAsync(recipientId);
        if (participant is null)
            return null;
        var optedOut = optOuts.OfParticipantAsync(recipientId);
        var bounced = marks.BouncedChannelsAsync(recipientId, (Channels.Email, participant.Email), (Channels.Sms, participant.Phone));
        return new Candidate(participant, Online: false)
        {
            OptedOut = (await optedOut).Select(optOut => optOut.Channel).ToHashSet(),
            BouncedAddresses = await bounced,
        };
    }

    /// <summary>
    /// Why the recipient no longer wants a notification about this conversation on this channel, or null when they still
    /// do. One who left the directory while it waited (<c>ParticipantRemoved</c>) is no longer notified at all: every
    /// held notification was decided for someone the directory knew.
    /// </summary>
    public static string? Suppression(Candidate? recipient, string conversationId, string channel) =>
        recipient is null ? SuppressionReasons.RecipientRemoved : PreferenceFilter.Suppression(recipient, conversationId, channel);
}
