namespace Notifications.Router.Quiet;

/// <summary>
/// The router's note to itself that a recipient's quiet hours are over on a channel: sent through the delay ladder by
/// the first notification they hold, back on the router's queue when they end. Internal to the router.
/// </summary>
public sealed record QuietHoursEnded
{
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    /// <summary>The catch-up summary to send (<see cref="QuietSummaries.SummaryId"/>).</summary>
    public required string SummaryId { get; init; }
}
