using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>
/// The recipient's own word on a notification the rows planned (notification-rules.md, "Preferences, opt-out and quiet
/// hours"), applied after the operator's channel switches:
/// <list type="table">
/// <item><term>muted</term><description>the conversation is in <c>preferences.mutedConversationIds</c>: every channel, the desktop notification included</description></item>
/// <item><term>opted-out</term><description>the channel is <c>false</c> in <c>preferences.channels</c>, or the recipient
/// unsubscribed or texted STOP (an opt-out stays until the platform sends the channel <c>true</c>)</description></item>
/// <item><term>address-bounced</term><description>the recipient's current address on the channel hard-bounced or
/// complained (<c>AddressMarks</c>); it stays until the platform gives the participant another address</description></item>
/// </list>
/// A pure function of the snapshot's candidate: the rules stay free of I/O.
/// </summary>
public static class PreferenceFilter
{
    /// <summary>Why the recipient does not want this notification (a <see cref="SuppressionReasons"/> value), or null when they do.</summary>
    public static string? Suppression(Candidate recipient, string conversationId, string channel)
    {
        var preferences = recipient.Participant.Preferences;
        if (preferences?.MutedConversationIds?.Contains(conversationId) == true)
            return SuppressionReasons.Muted;
        // The desktop notification has no address to stop: only muting removes it.
        if (channel == Channels.Realtime)
            return null;
        var chosen = channel switch
        {
            Channels.Email => preferences?.Channels?.Email,
            Channels.Sms => preferences?.Channels?.Sms,
            Channels.Push => preferences?.Channels?.Push,
            _ => null,
        };
        return chosen == false || recipient.OptedOut.Contains(channel) ? SuppressionReasons.OptedOut
            : recipient.BouncedAddresses.Contains(channel) ? SuppressionReasons.AddressBounced
            : null;
    }
}
