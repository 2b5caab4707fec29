using System.Text.RegularExpressions;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>E.164 phone numbers (+, then 8-15 digits, no leading zero): the only form Twilio takes without guessing a country.</summary>
public static partial class PhoneNumbers
{
    public static bool IsE164(string? phone) => phone is not null && E164().IsMatch(phone);

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
