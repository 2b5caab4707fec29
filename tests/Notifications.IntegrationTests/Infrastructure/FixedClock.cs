namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>A clock that stands still, for the Redis scripts that compare with "now".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
