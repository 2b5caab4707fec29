namespace Notifications.Scheduling;

/// <summary>
/// Durable delays on plain RabbitMQ: Debian's broker has no delayed-message plugin and MassTransit's Quartz and
/// Hangfire schedulers are not available, so delays are built, as NServiceBus's RabbitMQ transport builds them,
/// from a ladder of TTL queues. Level <c>k</c> is a topic exchange and a durable queue of the same name whose
/// message TTL is 2^k seconds and which dead-letters into level <c>k-1</c>'s exchange; level 0 dead-letters into
/// <see cref="DeliveryExchange"/>, which hands the message to its destination queue's exchange. A message enters
/// at the top level; each level's exchange reads that level's bit in the routing key (<see cref="DelayLevels"/>)
/// and either queues the message for 2^k seconds or passes it on at once. Every message in one queue has the same
/// TTL, so the oldest always expires first and no message waits behind a longer one.
/// </summary>
/// <remarks>
/// <para>Why a ladder rather than a Redis sorted set with a hand-off to the broker: the ladder needs no process
/// at all while a delay runs (no poller, no consumer slot, no leader to elect among instances), the message is in
/// the broker the whole time (durable queues, persistent messages: a restart of every service, or of the broker,
/// loses nothing), and there is no second hop whose failure could lose or duplicate it. What it costs: delays in
/// whole seconds, up to <see cref="DelayLevels.MaxDelay"/>, and a scheduled message cannot be cancelled (its
/// consumer checks whether it is still wanted, as the router's holds do).</para>
/// <para>With <paramref name="Quorum"/> (<c>Messaging:QuorumQueues</c>) the level queues are quorum queues, which
/// needs RabbitMQ 3.10+ for their message TTL. The type is part of every name, since RabbitMQ cannot change a
/// queue's type: switching declares a second ladder beside the first, and messages in the old one still reach
/// their destination.</para>
/// </remarks>
public sealed record DelayLadder(bool Quorum)
{
    private const string Prefix = "notifications-delay";

    /// <summary>Level 0's dead-letter exchange (topic): binds each destination's exchange by the key's last word.
    /// Shared by both ladders: it holds no messages, so its type never has to change.</summary>
    public const string DeliveryExchange = Prefix + "-delivery";

    /// <summary>The exchange, and the queue, of one level: <c>notifications-delay-level-07</c>, or with quorum
    /// queues <c>notifications-delay-quorum-level-07</c>.</summary>
    public string LevelName(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, DelayLevels.Count);
        return $"{Prefix}{(Quorum ? "-quorum" : "")}-level-{level:00}";
    }

    /// <summary>Where every delayed message is sent: the top level's exchange (MassTransit declares it as a topic
    /// exchange, the same as <see cref="DelayLadderTopology"/> does).</summary>
    public Uri EntryAddress => new($"exchange:{LevelName(DelayLevels.Count - 1)}?type=topic");

    /// <summary>Where level <paramref name="level"/> sends what it has held, or what passes through it.</summary>
    public string NextExchange(int level) => level == 0 ? DeliveryExchange : LevelName(level - 1);
}
