using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>
/// One row of the spec's "who is notified" table: when it applies, who it names, and whether only offline
/// recipients are kept.
/// </summary>
public sealed record RecipientRule(
    string Row,
    Func<MessagePosted, bool> AppliesTo,
    Func<RoutingSnapshot, IReadOnlyList<string>> Recipients,
    Func<RoutingOptions, bool> OfflineOnly);
