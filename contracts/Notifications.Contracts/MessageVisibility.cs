namespace Notifications.Contracts;

/// <summary>The values of <see cref="MessagePosted.Visibility"/>.</summary>
public static class MessageVisibility
{
    /// <summary>Seen by everyone in the conversation (the default).</summary>
    public const string Public = "public";

    /// <summary>An internal note: seen by agents only.</summary>
    public const string Internal = "internal";
}
