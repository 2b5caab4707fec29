using Notifications.Email.Composition;

namespace Notifications.Admin.Audit;

/// <summary>A test send as the audit trail keeps it: where it went, masked like the logs mask it, and how it ended.</summary>
public static class TestSends
{
    public static string Describe(string? to, string? outcome) => $"to {EmailMasking.Mask(to?.Trim())}: {outcome}";

    /// <summary>The last four digits only: a phone number is personal data.</summary>
    public static string DescribePhone(string phone, string outcome) =>
        $"to ****{(phone.Length > 4 ? phone[^4..] : "")}: {outcome}";
}
