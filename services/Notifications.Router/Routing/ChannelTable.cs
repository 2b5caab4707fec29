using Notifications.Contracts;
using Notifications.Router.Fallback;

namespace Notifications.Router.Routing;

/// <summary>
/// The spec's channel table, for one recipient a row named: email, SMS, push and the realtime event (the browser's
/// desktop notification and sound). The row's offline filter decides email, SMS and push; it never removes the
/// realtime event of an online recipient. An SMS or push in <c>Fallback</c> mode (<c>Sms:Mode</c>, <c>Push:Mode</c>) is
/// held beside an email that goes out, and sent only if that email fails for good; when no email can go out (no
/// address, opted out, the address bounced, email switched off) it is the only way to reach the recipient and goes
/// out at once.
/// </summary>
internal static class ChannelTable
{
    public static void Apply(DecisionBuilder decision, Candidate candidate, string rule, bool offlineOnly)
    {
        var recipient = candidate.Participant;
        var hasDevices = recipient.PushDevices.Count > 0;

        if (offlineOnly && candidate.Online)
        {
            // Online, in a row that notifies offline recipients only (A3, A4, U1, I1, M1): they are at their screen,
            // so the desktop notification and sound tell them, and nothing is sent to their inbox or phone.
            foreach (var channel in ChannelsWithAnAddress(recipient.Email is not null, recipient.Phone is not null, hasDevices))
                decision.Suppress(recipient.Id, channel, rule, SuppressionReasons.OfflineFilter);
            decision.Plan(candidate, Channels.Realtime, rule, oncePerOfflineSession: false);
            return;
        }

        // Email: agents (A1-A5, I1, M1) and users (U1); a user gets one email per offline session (U2).
        var emailGoesOut = recipient.Email is not null && decision.WhyNotSent(candidate, Channels.Email) is null;
        if (recipient.Email is not null)
            decision.Plan(candidate, Channels.Email, rule, oncePerOfflineSession: !recipient.IsAgent, onlyWhileOffline: offlineOnly);
        else
            decision.Suppress(recipient.Id, Channels.Email, rule, SuppressionReasons.NoContactAddress);

        // SMS: recipients with a phone number, only while offline; users at most once per offline session; held beside
        // the email in Fallback mode.
        if (recipient.Phone is not null)
        {
            if (candidate.Online)
                decision.Suppress(recipient.Id, Channels.Sms, rule, SuppressionReasons.RecipientOnline);
            else
                decision.Plan(candidate, Channels.Sms, rule, oncePerOfflineSession: !recipient.IsAgent,
                    heldForFallback: emailGoesOut && decision.ModeOf(Channels.Sms) == ChannelMode.Fallback);
        }

        // Push: recipients with registered devices (the push sender picks OneSignal for iOS); held beside the email in Fallback mode.
        var pushHeld = emailGoesOut && decision.ModeOf(Channels.Push) == ChannelMode.Fallback;
        var pushSent = hasDevices && !pushHeld && decision.WhyNotSent(candidate, Channels.Push) is null;
        if (hasDevices)
            decision.Plan(candidate, Channels.Push, rule, oncePerOfflineSession: false, heldForFallback: pushHeld);

        // Realtime: an online recipient's browser shows a desktop notification and plays the sound. A push replaces
        // it only when it can arrive: push switched on (and not opted out of), and a provider in effect that reaches one of the devices
        // (Beams alone cannot reach iPhones; with no provider the push is only written to a folder). While the push
        // sender's report is missing the reach is unknown, and the desktop notification is kept: one notification
        // too many rather than none.
        var pushArrives = pushSent && decision.Snapshot.PushReach?.ReachesAny(recipient.PushDevices) == true;
        if (candidate.Online && !pushArrives)
            decision.Plan(candidate, Channels.Realtime, rule, oncePerOfflineSession: false);
    }

    private static IEnumerable<string> ChannelsWithAnAddress(bool email, bool phone, bool devices)
    {
        if (email) yield return Channels.Email;
        if (phone) yield return Channels.Sms;
        if (devices) yield return Channels.Push;
    }
}
