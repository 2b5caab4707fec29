using Notifications.Router.Directory;

namespace Notifications.Router.Routing;

/// <summary>Whether an id a row names as an agent is one.</summary>
public enum AgentStatus { Agent, NotAnAgent, Removed, Unknown }

/// <summary>
/// Collects one message's decision while <see cref="NotificationRules"/> walks its rows: what is planned, what is
/// suppressed and why, and whether the decision must wait (the directory) or read more (every agent) first.
/// Each recipient is decided once, by the first row that names them.
/// </summary>
internal sealed class DecisionBuilder(RoutingSnapshot snapshot, RoutingOptions options, bool mayWaitForDirectory)
{
    private readonly List<PlannedNotification> planned = [];
    private readonly List<SuppressedNotification> suppressed = [];
    private readonly HashSet<string> decided = [];
    private bool waitForDirectory;
    private bool loadEveryAgent;

    public RoutingSnapshot Snapshot => snapshot;

    public bool MayWaitForDirectory => mayWaitForDirectory;

    /// <summary>Set when the decision cannot be made yet; the message is then decided again as a whole.</summary>
    public RoutingDecision? Pending =>
        loadEveryAgent ? RoutingDecision.LoadEveryAgent
        : waitForDirectory ? RoutingDecision.AwaitDirectoryCatchUp
        : null;

    public void WaitForDirectory() => waitForDirectory = true;

    public void LoadEveryAgent() => loadEveryAgent = true;

    public AgentStatus AgentStatusOf(string id) =>
        snapshot.Participants.TryGetValue(id, out var candidate) ? candidate.Participant.IsAgent ? AgentStatus.Agent : AgentStatus.NotAnAgent
        : snapshot.RemovedAgentIds.Contains(id) ? AgentStatus.Removed
        : AgentStatus.Unknown;

    /// <summary>Decides every recipient the row names that no earlier row decided.</summary>
    public void Notify(RecipientRule row, string rule)
    {
        var ids = row.Recipients(snapshot).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        if (ids.Count == 0)
            Suppress(NotificationRules.NoRecipient, NotificationRules.AllChannels, rule, SuppressionReasons.NoRecipients);
        foreach (var id in ids)
        {
            if (!decided.Add(id))
                continue;
            // N2: the sender is never a recipient of their own message.
            if (id == snapshot.Message.Sender.Id)
            {
                Suppress(id, NotificationRules.AllChannels, "N2", SuppressionReasons.SenderIsRecipient);
                continue;
            }
            if (row.Names == NamedIds.Agents && AgentStatusOf(id) is var status and not AgentStatus.Agent)
            {
                if (status == AgentStatus.Unknown && mayWaitForDirectory)
                    waitForDirectory = true;
                else
                    Suppress(id, NotificationRules.AllChannels, rule, status == AgentStatus.Removed ? SuppressionReasons.AgentRemoved : SuppressionReasons.NotAnAgent);
                continue;
            }
            if (!snapshot.Participants.TryGetValue(id, out var candidate))
            {
                if (mayWaitForDirectory)
                    waitForDirectory = true;
                else
                    Suppress(id, NotificationRules.AllChannels, rule, SuppressionReasons.UnknownRecipient);
                continue;
            }
            ChannelTable.Apply(this, candidate, rule, row.OfflineOnly(options));
        }
    }

    /// <summary>
    /// Plans a notification, or suppresses it as <c>channel-disabled</c> when an operator switched the channel off, then
    /// as the recipient wants (<see cref="PreferenceFilter"/>: <c>muted</c>, <c>opted-out</c>).
    /// </summary>
    /// <param name="heldForFallback">Kept for a fallback instead of sent (<see cref="PlannedNotification.HeldForFallback"/>).</param>
    public void Plan(Candidate candidate, string channel, string rule, bool oncePerOfflineSession, bool onlyWhileOffline = false, bool heldForFallback = false)
    {
        var recipient = candidate.Participant;
        if (WhyNotSent(candidate, channel) is { } reason)
            Suppress(recipient.Id, channel, rule, reason);
        else
            planned.Add(new(recipient, channel, rule, oncePerOfflineSession, onlyWhileOffline, heldForFallback));
    }

    /// <summary>How the channel goes out beside the email (<c>Sms:Mode</c>, <c>Push:Mode</c>).</summary>
    public Fallback.ChannelMode ModeOf(string channel) => options.ModeOf(channel);

    /// <summary>Why a notification on the channel would not go to the candidate (the operator's switch first), or null.</summary>
    public string? WhyNotSent(Candidate candidate, string channel) =>
        snapshot.DisabledChannels.Contains(channel) ? SuppressionReasons.ChannelDisabled
        : PreferenceFilter.Suppression(candidate, snapshot.Message.ConversationId, channel);

    public void Suppress(string recipientId, string channel, string rule, string reason) =>
        suppressed.Add(new(recipientId, channel, rule, reason));

    /// <summary>Turns the planned notifications that match into suppressions (the bot answered); <paramref name="rule"/> null keeps each one's rule.</summary>
    public void SuppressPlanned(Func<PlannedNotification, bool> match, string? rule, string reason)
    {
        foreach (var notification in planned.Where(match))
            Suppress(notification.Recipient.Id, notification.Channel, rule ?? notification.Rule, reason);
        planned.RemoveAll(notification => match(notification));
    }

    public RoutingDecision Result() => new(planned, suppressed);
}
