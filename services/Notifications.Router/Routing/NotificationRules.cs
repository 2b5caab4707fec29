using Notifications.Contracts;
using Notifications.Router.Directory;

namespace Notifications.Router.Routing;

/// <summary>
/// The spec's decision table (notification-rules.md, "Who is notified of a message" and "Channels"), as a pure
/// function of a <see cref="RoutingSnapshot"/>. No I/O here: the snapshot is loaded before, and the decision is
/// carried out after, by <see cref="MessageRouter"/>.
/// </summary>
public static class NotificationRules
{
    /// <summary>A user wrote: the first row that applies names the agents (A5 is A1-A3 for a later message).</summary>
    public static readonly IReadOnlyList<RecipientRule> AgentRows =
    [
        //  row   applies when                                                      recipients                     offline only
        new("A4", m => !m.IsFirstMessage && m.Conversation.LastAgentId is not null, s => [s.Message.Conversation.LastAgentId!], _ => true),
        new("A2", m => m.Conversation.AssignedAgentId is not null,                  s => [s.Message.Conversation.AssignedAgentId!], o => o.FirstMessageOfflineOnly),
        new("A1", m => m.Conversation.DepartmentId is not null,                     s => s.DepartmentAgentIds,     o => o.FirstMessageOfflineOnly),
        new("A3", _ => true,                                                        s => s.AllAgentIds,            _ => true),
    ];

    /// <summary>An agent wrote: the conversation's user, when offline.</summary>
    public static readonly RecipientRule UserRow =
        new("U1", _ => true, s => [s.Message.Conversation.UserId], _ => true);

    public static RoutingDecision Decide(RoutingSnapshot snapshot, RoutingOptions options)
    {
        var message = snapshot.Message;
        var row = message.Sender.Role switch
        {
            ParticipantRoles.User => AgentRows.First(r => r.AppliesTo(message)),
            ParticipantRoles.Agent => UserRow,
            // N1: a bot's message (and the user's own, handled by the rows above) never notifies the user.
            _ => null,
        };
        // One suppression per bot message, for the user it would have concerned: it answers "why no email for
        // the bot's reply" without one event per channel.
        if (row is null)
            return RoutingDecision.Suppress(new(message.Conversation.UserId, AllChannels, "N1", SuppressionReasons.BotMessage));

        // A6: with Human Takeover on, the bot answers first. Until its outcome is known (on the event, or from
        // ChatbotReplied) the message waits, for at most the grace window; then agents are notified as usual.
        var botResolved = message.BotAnswered ?? snapshot.BotResolved;
        if (message.Conversation.HumanTakeover && row != UserRow && botResolved is null
            && !snapshot.Waited.TakeoverGrace && options.TakeoverGraceSeconds > 0)
            return RoutingDecision.AwaitBot;

        var rule = IsA5(message, row) ? $"A5/{row.Row}" : row.Row;
        var planned = new List<PlannedNotification>();
        var suppressed = new List<SuppressedNotification>();

        var recipientIds = row.Recipients(snapshot).Distinct().ToList();
        // A department without agents (A1), or a help desk without any (A3): nobody to notify, said once.
        if (recipientIds.Count == 0)
            return MayWaitForDirectory(snapshot, options, botResolved)
                ? RoutingDecision.AwaitDirectoryCatchUp
                : RoutingDecision.Suppress(new(NoRecipient, AllChannels, rule, SuppressionReasons.NoRecipients));

        foreach (var recipientId in recipientIds)
        {
            // N2: the sender is never a recipient of their own message.
            if (recipientId == message.Sender.Id)
            {
                suppressed.Add(new(recipientId, AllChannels, "N2", SuppressionReasons.SenderIsRecipient));
                continue;
            }
            if (!snapshot.Participants.TryGetValue(recipientId, out var candidate))
            {
                suppressed.Add(new(recipientId, AllChannels, rule, SuppressionReasons.UnknownRecipient));
                continue;
            }
            // The row's presence filter decides about the recipient, so it covers every channel, realtime
            // included: an online recipient of an offline-only row (A3, A4, U1) gets nothing from us.
            if (row.OfflineOnly(options) && candidate.Online)
            {
                suppressed.Add(new(recipientId, AllChannels, rule, SuppressionReasons.OfflineFilter));
                continue;
            }
            ApplyChannelTable(candidate, rule, row.OfflineOnly(options), snapshot.DisabledChannels, planned, suppressed);
        }

        if (suppressed.Any(s => s.Reason == SuppressionReasons.UnknownRecipient) && MayWaitForDirectory(snapshot, options, botResolved))
            return RoutingDecision.AwaitDirectoryCatchUp;

        // A6: Human Takeover on and the bot answered successfully: nobody is notified by email, SMS or push.
        if (message.Conversation.HumanTakeover && botResolved == true)
        {
            suppressed.AddRange(planned.Select(p => new SuppressedNotification(p.Recipient.Id, p.Channel, "A6", SuppressionReasons.BotAnswered)));
            planned.Clear();
        }
        return new RoutingDecision(planned, suppressed);
    }

    /// <summary>
    /// Not a row of the spec but what keeps its rows from losing notifications: the platform publishes a new
    /// participant just before their first message, and the router's queue is consumed concurrently, so the
    /// message can be decided before the participant is stored. A message whose row names someone unknown, or
    /// nobody, waits once (<see cref="RoutingOptions.DirectoryWaitSeconds"/>) and is then decided with what is
    /// known. Not when A6 suppresses everything anyway.
    /// </summary>
    private static bool MayWaitForDirectory(RoutingSnapshot snapshot, RoutingOptions options, bool? botResolved) =>
        !snapshot.Waited.Directory && options.DirectoryWaitSeconds > 0
        && !(snapshot.Message.Conversation.HumanTakeover && botResolved == true);

    /// <summary>Used in suppressions that concern a recipient on every channel.</summary>
    public const string AllChannels = "all";

    /// <summary>The recipient id of a suppression that names nobody (<see cref="SuppressionReasons.NoRecipients"/>).</summary>
    public const string NoRecipient = "";

    /// <summary>
    /// The spec's channel table, for one recipient who passed the row's presence filter. A notification the table
    /// plans on a channel switched off becomes a suppression (<see cref="SuppressionReasons.ChannelDisabled"/>),
    /// so the platform still learns why nothing was sent.
    /// </summary>
    private static void ApplyChannelTable(Candidate candidate, string rule, bool offlineOnly, IReadOnlySet<string> disabled,
        List<PlannedNotification> planned, List<SuppressedNotification> suppressed)
    {
        var recipient = candidate.Participant;
        var isUser = !recipient.IsAgent;

        void Plan(string channel, bool oncePerOfflineSession, bool onlyWhileOffline = false)
        {
            if (disabled.Contains(channel))
                suppressed.Add(new(recipient.Id, channel, rule, SuppressionReasons.ChannelDisabled));
            else
                planned.Add(new(recipient, channel, rule, oncePerOfflineSession, onlyWhileOffline));
        }

        // Email: agents (A1-A5) and users (U1); a user gets one email per offline session (U2).
        if (recipient.Email is not null)
            Plan(Channels.Email, oncePerOfflineSession: isUser, onlyWhileOffline: offlineOnly);
        else
            suppressed.Add(new(recipient.Id, Channels.Email, rule, SuppressionReasons.NoContactAddress));

        // SMS: recipients with a phone number, only while offline; users at most once per offline session.
        if (recipient.Phone is not null)
        {
            if (candidate.Online)
                suppressed.Add(new(recipient.Id, Channels.Sms, rule, SuppressionReasons.RecipientOnline));
            else
                Plan(Channels.Sms, oncePerOfflineSession: isUser);
        }

        // Push: recipients with registered devices (the push sender picks OneSignal for iOS).
        // Realtime: an online recipient's browser shows a desktop notification and plays the sound, unless push
        // reaches them: push replaces the desktop notification. Only push that is actually sent replaces it: with
        // push switched off, an online recipient with devices still gets the desktop notification.
        var hasDevices = recipient.PushDevices.Count > 0;
        var pushSent = hasDevices && !disabled.Contains(Channels.Push);
        if (hasDevices)
            Plan(Channels.Push, oncePerOfflineSession: false);
        if (candidate.Online && !pushSent)
            Plan(Channels.Realtime, oncePerOfflineSession: false);
    }

    private static bool IsA5(MessagePosted message, RecipientRule row) =>
        !message.IsFirstMessage && row.Row is "A1" or "A2" or "A3";
}
