extern alias LibPhoneNumber;
using Notifications.Delivery.Providers;
using Notifications.SmsSender.Settings;
using PhoneNumberUtil = LibPhoneNumber::PhoneNumbers.PhoneNumberUtil;
using PhoneNumberType = LibPhoneNumber::PhoneNumbers.PhoneNumberType;

namespace Notifications.SmsSender.Guard;

/// <summary>
/// The destination half of the SMS-pumping guard, with Google's phone number metadata (libphonenumber): a number
/// is checked by the region it belongs to, not by its prefix (<c>+1</c> is the United States, Canada and twenty
/// Caribbean and Pacific regions, some of them favourite pumping routes), and premium-rate and shared-cost numbers,
/// which pay their owner for every message, are refused wherever they are.
/// </summary>
public static class SmsDestinations
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>Throws a permanent <see cref="ProviderException"/> naming the setting when the number may not be texted.</summary>
    public static void EnsureAllowed(string e164, SmsOptions options)
    {
        LibPhoneNumber::PhoneNumbers.PhoneNumber number;
        try
        {
            number = Numbers.Parse(e164, null);
        }
        catch (LibPhoneNumber::PhoneNumbers.NumberParseException)
        {
            throw new ProviderException($"SMS blocked: the recipient's number ({PhoneMasking.Mask(e164)}) is not a phone number of any country", permanent: true);
        }

        var type = Numbers.GetNumberType(number);
        if (type is PhoneNumberType.PREMIUM_RATE or PhoneNumberType.SHARED_COST)
            throw new ProviderException(
                $"SMS blocked by the abuse guard: the recipient's number ({PhoneMasking.Mask(e164)}) is a {(type == PhoneNumberType.PREMIUM_RATE ? "premium-rate" : "shared-cost")} number, which is never texted",
                permanent: true);

        var allowed = SmsRegions.Allowed(options);
        if (allowed.Count == 0)
            return;
        var region = Numbers.GetRegionCodeForNumber(number);
        if (region is null || !allowed.Contains(region))
            throw new ProviderException(
                $"SMS blocked: the recipient's number ({PhoneMasking.Mask(e164)}) is {(region is null or "ZZ" ? "in no known region" : $"in region {region}")}, "
                + $"not one of Sms:AllowedRegions ({string.Join(", ", allowed.Order(StringComparer.Ordinal))}{(options.EffectiveAllowedCountryPrefixes.Count > 0 ? ", with Sms:AllowedCountryPrefixes" : "")}); "
                + "add its region there if SMS should go to it",
                permanent: true);
    }
}
