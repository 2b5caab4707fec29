namespace Notifications.Contracts;

/// <summary>A device registered for push notifications.</summary>
public record PushDevice
{
    public required string DeviceId { get; init; }

    /// <summary><c>ios</c>, <c>android</c> or <c>web</c> (see <see cref="PushPlatforms"/>).</summary>
    public required string Platform { get; init; }
}
