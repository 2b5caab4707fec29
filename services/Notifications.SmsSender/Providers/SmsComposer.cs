using Notifications.SharedState.ProviderSettings;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Guard;
using Notifications.SmsSender.Settings;
using Notifications.SmsSender.Webhooks;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// Turns a <see cref="SendSms"/> command into the SMS to send: refuses a recipient without a usable number or in a
/// region outside <c>Sms:AllowedRegions</c> or at a premium-rate number (<see cref="SmsDestinations"/>), and picks the sender (an alphanumeric ID only where allowed).
/// </summary>
public sealed class SmsComposer(IRuntimeOptions<SmsOptions> options)
{
    public const string NoValidPhone = "recipient has no valid E.164 phone number";

    public async Task<OutgoingSms> ComposeAsync(SendSms command)
    {
        var phone = command.Recipient.Phone?.Trim();
        if (!PhoneNumbers.IsE164(phone))
            throw new ProviderException(NoValidPhone, permanent: true);

        var sms = await options.CurrentAsync();
        SmsDestinations.EnsureAllowed(phone!, sms);

        return new OutgoingSms(command.NotificationId, phone!, SenderFor(phone!, sms.Twilio), SmsText.For(command), StatusCallbackOf(sms.Twilio));
    }

    /// <summary>The configured sender, or the fallback number where an alphanumeric sender ID is not allowed.</summary>
    public static string? SenderFor(string to, TwilioOptions twilio)
    {
        var from = twilio.From;
        if (string.IsNullOrWhiteSpace(from) || PhoneNumbers.IsE164(from))
            return from;

        var alphanumericCountries = twilio.EffectiveAlphanumericCountryPrefixes;
        if (alphanumericCountries.Count == 0 || CountryPrefixes.Matches(to, alphanumericCountries))
            return from;
        if (!string.IsNullOrWhiteSpace(twilio.FallbackFromNumber))
            return twilio.FallbackFromNumber;
        throw new ProviderException(
            $"the alphanumeric sender ID '{from}' is not allowed for the recipient's country ({PhoneMasking.Mask(to)}): set Sms:Twilio:FallbackFromNumber or add the prefix to Sms:Twilio:AlphanumericCountryPrefixes",
            permanent: true);
    }

    public static Uri? StatusCallbackOf(TwilioOptions twilio) =>
        string.IsNullOrWhiteSpace(twilio.PublicWebhookBaseUrl)
            ? null
            : new Uri(twilio.PublicWebhookBaseUrl.TrimEnd('/') + TwilioWebhookPaths.Status);
}
