using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>
/// The spec's decision table (notification-rules.md, "Who is notified of a message" and "Channels"), as a pure
/// function of a <see cref="RoutingSnapshot"/>. No I/O here: the snapshot is loaded before, and the decision is
/// carried out after, by <see cref="MessageRouter"/>. The channels each recipient gets are <see cref="ChannelTable"/>.
/// </summary>
public static class NotificationRules
{
    /// <summary>
    /// A user wrote: the first row that applies and names an agent decides (A5 is A1-A3 for a later message). A row
    /// whose id is not an agent's (a user's, the bot's, a removed agent's) is skipped, and so is A1 when its
    /// department has no agents, so a customer's message is never left with nobody notified while any agent exists.
    /// </summary>
    public static readonly IReadOnlyList<RecipientRule> AgentRows =
    [
        //  row   applies when                                                      recipients                                      offline only                    names
        new("A4", m => !m.IsFirstMessage && m.Conversation.LastAgentId is not null, s => [s.Message.Conversation.LastAgentId!],     _ => true,                      NamedIds.OneAgent),
        new("A2", m => m.Conversation.AssignedAgentId is not null,                  s => [s.Message.Conversation.AssignedAgentId!], o => o.FirstMessageOfflineOnly, NamedIds.OneAgent),
        new("A1", m => m.Conversation.DepartmentId is not null,                     s => s.DepartmentAgentIds,                      o => o.FirstMessageOfflineOnly, NamedIds.AgentList),
        new("A3", _ => true,                                                        s => s.AllAgentIds,                             _ => true,                      NamedIds.AgentList),
    ];

    /// <summary>An agent's public reply: the conversation's user.</summary>
    public static readonly RecipientRule UserRow =
        new("U1", _ => true,                         s => [s.Message.Conversation.UserId],   _ => true, NamedIds.TheUser);

    /// <summary>An internal note: the conversation's assignee and last agent; never the user.</summary>
    public static readonly RecipientRule InternalNoteRow =
        new("I1", _ => true,                         s => ConversationAgents(s.Message),     _ => true, NamedIds.Agents);

    /// <summary>Beside the message's own row: every mentioned agent, whether the conversation is theirs or not.</summary>
    public static readonly RecipientRule MentionRow =
        new("M1", m => m.Mentions is { Count: > 0 }, s => s.Message.Mentions,                _ => true, NamedIds.Agents);

    /// <summary>
    /// A user's message unanswered for <c>Routing:EscalateAfterSeconds</c>: the next tier, once (the agents of the
    /// assignee's or last agent's departments, else every agent; read by <c>EscalationTier</c>), offline ones by email,
    /// SMS and push. Decided on the held message when its timer's note comes back, and by this row alone.
    /// </summary>
    public static readonly RecipientRule EscalationRow =
        new("E1", _ => true,                         s => s.EscalationAgentIds,              _ => true, NamedIds.AgentList);

    /// <summary>A3, the last agent row: the only one that needs the whole agent list.</summary>
    private static RecipientRule EveryAgentRow => AgentRows[^1];

    public static RoutingDecision Decide(RoutingSnapshot snapshot, RoutingOptions options)
    {
        var message = snapshot.Message;
        if (snapshot.Waited.Escalation)
        {
            var escalation = new DecisionBuilder(snapshot, options, mayWaitForDirectory: false);
            escalation.Notify(EscalationRow, EscalationRow.Row);
            return escalation.Result();
        }
        var fromUser = message.Sender.Role == ParticipantRoles.User;
        var botResolved = message.BotAnswered ?? snapshot.BotResolved;

        // A6: with Human Takeover on, the bot answers first. Until its outcome is known (on the event, or from
        // ChatbotReplied) the message waits, for at most the grace window; then agents are notified as usual.
        if (fromUser && message.Conversation.HumanTakeover && botResolved is null
            && !snapshot.Waited.TakeoverGrace && options.TakeoverGraceSeconds > 0)
            return RoutingDecision.AwaitBot;

        var decision = new DecisionBuilder(snapshot, options, MayWaitForDirectory(snapshot, options, botResolved));
        if (IsInternalNote(message))
            decision.Notify(InternalNoteRow, InternalNoteRow.Row);
        else if (fromUser)
        {
            if (ChooseAgentRow(decision) is { } row)
                decision.Notify(row, RuleName(message, row));
        }
        else if (message.Sender.Role == ParticipantRoles.Agent)
            decision.Notify(UserRow, UserRow.Row);
        else
            // N1: a bot's message never notifies the user. One suppression per bot message, for the user it would
            // have concerned: it answers "why no email for the bot's reply" without one event per channel.
            decision.Suppress(message.Conversation.UserId, AllChannels, "N1", SuppressionReasons.BotMessage);

        if (MentionRow.AppliesTo(message))
            decision.Notify(MentionRow, MentionRow.Row);

        if (decision.Pending is { } pending)
            return pending;

        if (fromUser && botResolved == true)
        {
            // A6: Human Takeover on and the bot answered successfully: nobody is notified.
            if (message.Conversation.HumanTakeover)
                decision.SuppressPlanned(_ => true, "A6", SuppressionReasons.BotAnswered);
            // The SMS row: "disabled if the AI chatbot successfully handles the query", with or without Human Takeover.
            else
                decision.SuppressPlanned(p => p.Channel == Channels.Sms, rule: null, SuppressionReasons.BotAnswered);
        }
        return decision.Result();
    }

    /// <summary>The first agent row that applies and names an agent; null when the decision must wait or load more.</summary>
    private static RecipientRule? ChooseAgentRow(DecisionBuilder decision)
    {
        var snapshot = decision.Snapshot;
        foreach (var row in AgentRows.Where(r => r.AppliesTo(snapshot.Message)))
        {
            var rule = RuleName(snapshot.Message, row);
            if (row.Names == NamedIds.OneAgent)
            {
                var id = row.Recipients(snapshot)[0];
                switch (decision.AgentStatusOf(id))
                {
                    case AgentStatus.Agent:
                        return row;
                    case AgentStatus.Unknown when decision.MayWaitForDirectory:
                        decision.WaitForDirectory();
                        return null;
                    case var status:
                        decision.Suppress(id, AllChannels, rule, status == AgentStatus.Removed ? SuppressionReasons.AgentRemoved : SuppressionReasons.NotAnAgent);
                        continue;
                }
            }
            if (row == EveryAgentRow)
            {
                if (!snapshot.AllAgentsLoaded)
                {
                    decision.LoadEveryAgent();
                    return null;
                }
                if (snapshot.AllAgentIds.Count == 0)
                {
                    // A help desk without any agent: wait once for agents on their way, then say so.
                    if (decision.MayWaitForDirectory)
                        decision.WaitForDirectory();
                    else
                        decision.Suppress(NoRecipient, AllChannels, rule, SuppressionReasons.NoRecipients);
                    return null;
                }
                return row;
            }
            if (row.Recipients(snapshot).Count == 0)
            {
                // A1's department has no agents stored: perhaps not yet (its agents' events on their way), so wait
                // once; then fall back to every agent.
                if (decision.MayWaitForDirectory)
                {
                    decision.WaitForDirectory();
                    return null;
                }
                decision.Suppress(NoRecipient, AllChannels, rule, SuppressionReasons.DepartmentWithoutAgents);
                continue;
            }
            return row;
        }
        return null;
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

    public static bool IsInternalNote(MessagePosted message) => message.Visibility == MessageVisibility.Internal;

    private static IReadOnlyList<string> ConversationAgents(MessagePosted message) =>
        new[] { message.Conversation.AssignedAgentId, message.Conversation.LastAgentId }.OfType<string>().Distinct().ToArray();

    /// <summary>A5 is A1-A3 for a later message: reported as <c>A5/A1</c> and so on.</summary>
    private static string RuleName(MessagePosted message, RecipientRule row) =>
        !message.IsFirstMessage && row.Row is "A1" or "A2" or "A3" ? $"A5/{row.Row}" : row.Row;
}
