using System.Text.RegularExpressions;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>What Twilio accepts as the sender of an SMS.</summary>
public static partial class SenderIds
{
    /// <summary>An E.164 number or an alphanumeric sender ID.</summary>
    public static bool IsValid(string from) => PhoneNumbers.IsE164(from) || AlphanumericSenderId().IsMatch(from);

    // Twilio: up to 11 characters of A-Z, a-z, 0-9 and space, with at least one letter (all digits would read as a number).
    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSenderId();
}
