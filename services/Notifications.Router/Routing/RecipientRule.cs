using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>
/// One row of the spec's "who is notified" table: when it applies, who it names, whether only offline recipients
/// are notified by email, SMS and push, and how much the ids it names must be checked.
/// </summary>
public sealed record RecipientRule(
    string Row,
    Func<MessagePosted, bool> AppliesTo,
    Func<RoutingSnapshot, IReadOnlyList<string>> Recipients,
    Func<RoutingOptions, bool> OfflineOnly,
    NamedIds Names);

/// <summary>What a row's ids are, which decides what happens when one of them is not an agent.</summary>
public enum NamedIds
{
    /// <summary>The conversation's user (U1): taken as it is.</summary>
    TheUser,

    /// <summary>Members of the directory's agent sets (A1, A3): agents by construction.</summary>
    AgentList,

    /// <summary>One id the conversation names as its agent (A4, A2): when it is not an agent the row is skipped and the next one applies.</summary>
    OneAgent,

    /// <summary>Ids the message names (I1, M1): each one that is not an agent is suppressed, the others are notified.</summary>
    Agents,
}
