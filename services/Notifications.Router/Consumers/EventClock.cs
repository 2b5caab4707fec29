using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>
/// Refuses state changes dated too far in the future. Presence and directory events are ordered by their <c>at</c>,
/// and an event from a skewed clock would make every later, correct one look older and be ignored: one bad clock
/// would freeze that participant's state. Such an event goes to the error queue, its reason naming <c>at</c>.
/// </summary>
public sealed class EventClock(TimeProvider clock, IOptions<RoutingOptions> options)
{
    public void EnsureNotInFuture(DateTimeOffset? at, string eventName, string participantId)
    {
        if (at is not { } time)
            return;
        var skew = TimeSpan.FromSeconds(options.Value.MaxClockSkewSeconds);
        var now = clock.GetUtcNow();
        if (time > now + skew)
            throw new InvalidMessageException(
                $"Invalid {eventName} for {participantId}: at {time:o} is {(time - now).TotalSeconds:0} s in the future; at most {skew.TotalSeconds:0} s are accepted (Routing:MaxClockSkewSeconds). Check the publishing platform's clock.");
    }

    /// <summary>A time the router only displays or compares with its own (postedAt): one in the future is taken as now.</summary>
    public DateTimeOffset NotAfterNow(DateTimeOffset time)
    {
        var now = clock.GetUtcNow();
        return time > now ? now : time;
    }
}
