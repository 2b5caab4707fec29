using System.Text.RegularExpressions;

namespace Notifications.Delivery;

/// <summary>
/// Masks email addresses and phone numbers in text a provider wrote (an SMTP reply, a Twilio error message, an
/// HTTP error body). Providers often quote what they refused ("The 'To' number +14155550123 is not a valid phone
/// number"), and that text becomes a failure reason: logged, set as the span's status and published in
/// <c>NotificationFailed.Reason</c>, none of which may carry personal data.
/// </summary>
/// <remarks>
/// Over-masking is the safe side: any run of seven or more digits (allowing the separators people write numbers
/// with) is taken for a phone number, so a long numeric id or a date may be masked too. Shorter numbers (HTTP
/// statuses, Twilio's five-digit error codes) stay readable, as they say what to fix.
/// </remarks>
public static partial class PersonalDataRedaction
{
    public const string AddressMask = "<address>";
    public const string PhoneMask = "<phone>";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        text = EmailAddress().Replace(text, AddressMask);
        return PhoneNumber().Replace(text, PhoneMask);
    }

    [GeneratedRegex(@"<?[^\s<>@]+@[^\s<>@]+>?")]
    private static partial Regex EmailAddress();

    // E.164 (+14155550123), national formats ((415) 555-0123, 415.555.0123) and bare digit runs: at least seven
    // digits, at most two separators between two digits, neither starting nor ending inside a word (an id like
    // SM0123456789ab, or the hex of a Redis key such as test-71374262929a44:providers:settings, which a failure
    // reason names so an operator can find it).
    [GeneratedRegex(@"(?<![\w+])\+?\(?\d(?:[\s.\-()]{0,2}\d){6,}(?!\w)")]
    private static partial Regex PhoneNumber();
}
