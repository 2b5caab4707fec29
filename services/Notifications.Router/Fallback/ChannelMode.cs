namespace Notifications.Router.Fallback;

/// <summary>
/// How SMS and push go out beside the email (<c>Sms:Mode</c>, <c>Push:Mode</c>): <see cref="Always"/>, the spec's
/// default, sends them side by side with it; <see cref="Fallback"/> holds them back and sends them only when the
/// recipient's email failed for good (rejected at send time, bounced later), so a help desk pays for an SMS only
/// when email cannot reach someone.
/// </summary>
public enum ChannelMode
{
    Always,
    Fallback,
}
