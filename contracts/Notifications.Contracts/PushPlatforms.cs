namespace Notifications.Contracts;

/// <summary>The lower-case push platform strings used on the wire.</summary>
public static class PushPlatforms
{
    public const string Ios = "ios";
    public const string Android = "android";
    public const string Web = "web";
}
