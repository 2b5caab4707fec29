namespace Notifications.Contracts;

/// <summary>The notification channels, as named in delivery results and notification ids.</summary>
public static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Push = "push";
    public const string Realtime = "realtime";
}
