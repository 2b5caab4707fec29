namespace Notifications.Contracts;

/// <summary>
/// The <c>bounce</c> values of <see cref="NotificationFailed"/>: what a failure says about the address itself.
/// The router marks an address bad on <see cref="Hard"/> and <see cref="Complaint"/> and suppresses later notifications
/// to it (<c>address-bounced</c>) until the platform gives the participant another address.
/// </summary>
public static class BounceKinds
{
    /// <summary>The address does not exist or refuses mail for good (SMTP 5.1.x at send time, or a later bounce saying so).</summary>
    public const string Hard = "hard";

    /// <summary>A temporary refusal reported late (mailbox full, greylisted for too long): the address stays usable.</summary>
    public const string Soft = "soft";

    /// <summary>The recipient marked the email as spam: nothing more is sent to that address.</summary>
    public const string Complaint = "complaint";

    public static bool MarksAddressBad(string? bounce) => bounce is Hard or Complaint;
}
