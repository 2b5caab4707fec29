namespace Notifications.Email.Composition;

/// <summary>Logs never carry a full email address: <c>alice@example.com</c> becomes <c>a***@example.com</c>.</summary>
public static class EmailMasking
{
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address))
            return "";
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : address[0] + "***" + address[at..];
    }
}
