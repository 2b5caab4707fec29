using Notifications.Router.Holding;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Router.Quiet;

/// <summary>
/// The catch-up summaries of quiet hours: the <c>quiet</c> family of <see cref="HeldNotifications"/>, one hold per
/// recipient, channel and quiet hours, keyed by its id (<see cref="SummaryId"/>), so every notification held in the same
/// quiet hours finds the same summary without a lookup. A notification that comes after its summary was sent is
/// refused: the caller sends it as usual.
/// </summary>
public sealed class QuietSummaries(IConnectionMultiplexer redis, RedisKeys keys)
{
    private readonly HeldNotifications held = new(redis, keys, HeldFamily.Quiet);

    /// <summary>One summary per recipient, channel and quiet hours (their end, in UTC ticks).</summary>
    public static string SummaryId(string recipientId, string channel, DateTimeOffset endUtc) => $"quiet:{recipientId}:{channel}:{endUtc.UtcTicks}";

    public RedisKey PendingCount(string channel) => held.PendingCount(channel);

    /// <summary>Holds the notification in the summary.</summary>
    /// <returns>Null when the summary was sent already, else whether its note still has to be sent.</returns>
    public async Task<bool?> AddAsync(string summaryId, string channel, PendingNotification pending, DateTimeOffset endUtc, TimeSpan untilEnd)
    {
        var result = await held.AddAsync(summaryId, channel, pending, openingId: summaryId, endUtc, untilEnd);
        return result.Id is null ? null : result.NeedsNote;
    }

    public Task NotedAsync(string summaryId) => held.NotedAsync(summaryId, summaryId);

    /// <summary>Takes the summary: its notifications, oldest message first; null when it was sent already.</summary>
    public Task<IReadOnlyList<PendingNotification>?> TakeAsync(QuietHoursEnded note) => held.TakeAsync(note.SummaryId, note.Channel, note.SummaryId);

    /// <summary>The summary's command is out: forget it, and ignore any later note for it.</summary>
    public Task DoneAsync(QuietHoursEnded note) => held.DoneAsync(note.Channel, note.SummaryId);
}
