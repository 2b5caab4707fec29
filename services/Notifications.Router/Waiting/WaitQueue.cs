namespace Notifications.Router.Waiting;

/// <summary>
/// A durable delay built from plain RabbitMQ features (Debian's broker has no delayed-message plugin): a note
/// sent to the wait's exchange sits in a queue whose message TTL is the wait and which dead-letters expired
/// notes straight into the router's queue. Nothing waits in the router's memory, so no consumer slot is held
/// and a router restart loses no pending wait.
/// </summary>
public sealed record WaitQueue(string BaseName)
{
    /// <summary>A6: a message held for the bot's outcome waits out the Human Takeover grace window.</summary>
    public static readonly WaitQueue Takeover = new("notifications-router-takeover-wait");

    /// <summary>A message naming recipients the directory does not know yet waits for their participant events.</summary>
    public static readonly WaitQueue Directory = new("notifications-router-directory-wait");

    /// <summary>
    /// The name of both the exchange and its one queue. The wait and the queue type are part of it: a changed
    /// wait, or switching to quorum queues, declares a new pair instead of clashing with the old queue's
    /// arguments (RabbitMQ cannot change a queue's type), notes go only to the new pair, and the old queue
    /// still drains into the router.
    /// </summary>
    public string Name(int seconds, bool quorum = false) =>
        $"{BaseName}-{seconds}s" + (quorum ? "-quorum" : "");

    public Uri ExchangeAddress(int seconds, bool quorum) => new($"exchange:{Name(seconds, quorum)}");
}
