namespace Notifications.Router.Routing;

/// <summary>The <c>Events</c> section: what the router publishes beyond the per-notification outcomes.</summary>
public sealed class RouterEventsOptions
{
    public const string Section = "Events";

    /// <summary>Publish one <c>MessageRouted</c> per chat message with its whole decision (off by default: most platforms bind the per-notification events).</summary>
    public bool MessageRouted { get; set; }
}
