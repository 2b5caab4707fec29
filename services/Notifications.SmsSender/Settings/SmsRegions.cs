extern alias LibPhoneNumber;
using PhoneNumberUtil = LibPhoneNumber::PhoneNumbers.PhoneNumberUtil;

namespace Notifications.SmsSender.Settings;

/// <summary>
/// <c>Sms:AllowedRegions</c> (ISO 3166 codes: <c>US</c>, <c>CA</c>, <c>GB</c>) with the older
/// <c>Sms:AllowedCountryPrefixes</c> mapped onto it: a prefix stands for the main region of its country calling code
/// (<c>+1</c> is <c>US</c>, <c>+44</c> is <c>GB</c>), so <c>+1</c> no longer admits the Caribbean. Empty: every region.
/// </summary>
public static class SmsRegions
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    public static IReadOnlySet<string> Allowed(SmsOptions options)
    {
        var regions = new HashSet<string>(CountryPrefixes.Normalize(options.AllowedRegions).Select(region => region.ToUpperInvariant()), StringComparer.Ordinal);
        foreach (var prefix in options.EffectiveAllowedCountryPrefixes)
        {
            if (RegionOfPrefix(prefix) is { } region)
                regions.Add(region);
        }
        return regions;
    }

    public static bool IsKnown(string region) => Numbers.GetSupportedRegions().Contains(region.ToUpperInvariant());

    /// <summary>The main region of the calling code a prefix starts with (<c>+1204</c> is <c>+1</c>: <c>US</c>); null when none.</summary>
    public static string? RegionOfPrefix(string prefix)
    {
        var digits = prefix.TrimStart('+');
        // Calling codes are one to three digits and none is the start of another.
        for (var length = 1; length <= Math.Min(3, digits.Length); length++)
        {
            var region = Numbers.GetRegionCodeForCountryCode(int.Parse(digits[..length], System.Globalization.CultureInfo.InvariantCulture));
            if (region is not (null or "ZZ" or "001"))
                return region;
        }
        return null;
    }
}
