using Notifications.SharedState.ProviderSettings;
using Microsoft.Extensions.Options;

namespace Notifications.SmsSender.Settings;

/// <summary>
/// The cross-field rules data annotations cannot express. Every failure names the configuration key to fix,
/// and none quotes the auth token.
/// </summary>
public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var failures = new List<string>();
        var twilio = options.Twilio;
        var hasSid = !string.IsNullOrWhiteSpace(twilio.AccountSid);
        var hasToken = !string.IsNullOrWhiteSpace(twilio.AuthToken);

        // Half a credential pair is almost always a deployment mistake: refuse rather than silently record.
        if (hasSid && !hasToken)
            failures.Add("Sms:Twilio:AuthToken is required when Sms:Twilio:AccountSid is set.");
        if (hasToken && !hasSid)
            failures.Add("Sms:Twilio:AccountSid is required when Sms:Twilio:AuthToken is set.");

        if (string.IsNullOrWhiteSpace(twilio.From))
        {
            if (hasSid && hasToken)
                failures.Add("Sms:Twilio:From is required when Twilio credentials are set: an E.164 number (+14155550100) or an alphanumeric sender ID.");
        }
        else if (!SenderIds.IsValid(twilio.From))
        {
            failures.Add($"Sms:Twilio:From '{twilio.From}' is neither an E.164 phone number (+ and 8-15 digits) nor an alphanumeric sender ID (1-11 letters, digits or spaces, at least one letter).");
        }

        if (!Uri.TryCreate(twilio.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            failures.Add($"Sms:Twilio:BaseUrl '{twilio.BaseUrl}' must be an absolute http or https URL.");

        if (!string.IsNullOrWhiteSpace(twilio.PublicWebhookBaseUrl)
            && (!Uri.TryCreate(twilio.PublicWebhookBaseUrl, UriKind.Absolute, out var publicUrl)
                || (publicUrl.Scheme != Uri.UriSchemeHttp && publicUrl.Scheme != Uri.UriSchemeHttps)))
            failures.Add($"Sms:Twilio:PublicWebhookBaseUrl '{twilio.PublicWebhookBaseUrl}' must be an absolute http or https URL.");

        if (!string.IsNullOrWhiteSpace(twilio.FallbackFromNumber) && !PhoneNumbers.IsE164(twilio.FallbackFromNumber))
            failures.Add("Sms:Twilio:FallbackFromNumber must be an E.164 phone number (+ and 8-15 digits).");

        if (twilio.MaxPerSecond < 0)
            failures.Add("Sms:Twilio:MaxPerSecond must be 0 (unlimited) or more.");
        if (options.RateLimit.PerRecipientPerHour < 0)
            failures.Add("Sms:RateLimit:PerRecipientPerHour must be 0 (no limit) or more.");

        if (options.RateLimit.PerAgentNumberPerHour < 0)
            failures.Add("Sms:RateLimit:PerAgentNumberPerHour must be 0 (no limit) or more.");
        foreach (var region in CountryPrefixes.Normalize(options.AllowedRegions).Where(r => !SmsRegions.IsKnown(r)))
            failures.Add($"Sms:AllowedRegions '{region}' is not an ISO 3166 region code like US, CA or GB.");

        foreach (var prefix in options.EffectiveAllowedCountryPrefixes.Where(p => !CountryPrefixes.IsValid(p)))
            failures.Add($"Sms:AllowedCountryPrefixes '{prefix}' is not a country prefix like +1 or +44.");
        foreach (var prefix in twilio.EffectiveAlphanumericCountryPrefixes.Where(p => !CountryPrefixes.IsValid(p)))
            failures.Add($"Sms:Twilio:AlphanumericCountryPrefixes '{prefix}' is not a country prefix like +1 or +44.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
