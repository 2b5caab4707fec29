namespace Notifications.SmsSender.Settings;

/// <summary>Phone numbers in logs and reasons show their last four digits only.</summary>
public static class PhoneMasking
{
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
            return "(none)";
        return phone.Length <= 4 ? new string('*', phone.Length) : new string('*', phone.Length - 4) + phone[^4..];
    }
}
