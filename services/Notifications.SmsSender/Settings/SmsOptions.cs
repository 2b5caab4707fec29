using System.ComponentModel.DataAnnotations;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.SmsSender.Settings;

/// <summary>The <c>Sms</c> configuration section (see docs of the configuration contract).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Twilio credentials and sender; without credentials SMS are recorded to <see cref="RecordDirectory"/>.</summary>
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>Where SMS are written as JSON files when no Twilio credentials are configured.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:RecordDirectory must not be empty.")]
    public string RecordDirectory { get; set; } = "var/sms-outbox";

    /// <summary>Abuse guard: how many SMS one number may receive per hour.</summary>
    public SmsRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// ISO 3166 region codes SMS may go to (<c>US</c>, <c>CA</c>); with <see cref="AllowedCountryPrefixes"/> both empty,
    /// every region. An element may hold several codes separated by commas. See <see cref="SmsRegions"/>.
    /// </summary>
    public List<string> AllowedRegions { get; set; } = [];

    /// <summary>The older form of <see cref="AllowedRegions"/>: country prefixes (<c>+1</c>, <c>+44</c>), still read,
    /// each taken as the main region of its calling code. An element may hold several prefixes separated by commas.</summary>
    public List<string> AllowedCountryPrefixes { get; set; } = [];

    public IReadOnlyList<string> EffectiveAllowedCountryPrefixes => CountryPrefixes.Normalize(AllowedCountryPrefixes);

    /// <summary>Twilio is used only when both the account SID and the auth token are set.</summary>
    public bool UsesTwilio =>
        !string.IsNullOrWhiteSpace(Twilio.AccountSid) && !string.IsNullOrWhiteSpace(Twilio.AuthToken);

    /// <summary>These options with Twilio credentials entered at run time in place of the configured ones (this instance when none are).</summary>
    public SmsOptions WithRuntimeCredentials(RuntimeProviderSettings stored)
    {
        if (stored.Twilio is not { } credentials)
            return this;
        var copy = (SmsOptions)MemberwiseClone();
        copy.Twilio = Twilio.WithCredentials(credentials);
        return copy;
    }
}

/// <summary>The <c>Sms:Twilio</c> section.</summary>
public sealed class TwilioOptions
{
    public const string DefaultBaseUrl = "https://api.twilio.com";

    public string? AccountSid { get; set; }

    /// <summary>Secret: never logged and never part of an error message.</summary>
    public string? AuthToken { get; set; }

    /// <summary>An E.164 phone number or an alphanumeric sender ID (1-11 characters, at least one letter).</summary>
    public string? From { get; set; }

    /// <summary>The API base the SDK's requests are sent to; tests point it at a local stub.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The public base URL Twilio calls for webhooks, the gateway's (<c>https://notifications.example.com</c>): status
    /// callbacks are requested at <c>{base}/twilio/status</c>, and the gateway checks signatures against it. Unset: no status callback.</summary>
    public string? PublicWebhookBaseUrl { get; set; }

    /// <summary>Country prefixes where an alphanumeric <see cref="From"/> may be used; empty means everywhere.</summary>
    public List<string> AlphanumericCountryPrefixes { get; set; } = [];

    /// <summary>The E.164 number used instead of an alphanumeric <see cref="From"/> where that is not allowed.</summary>
    public string? FallbackFromNumber { get; set; }

    /// <summary>Requests per second to Twilio across all instances (0: unlimited).</summary>
    public int MaxPerSecond { get; set; }

    public IReadOnlyList<string> EffectiveAlphanumericCountryPrefixes => CountryPrefixes.Normalize(AlphanumericCountryPrefixes);

    /// <summary>A copy with the account, token and sender replaced; endpoints and limits stay as configured.</summary>
    public TwilioOptions WithCredentials(TwilioCredentials credentials)
    {
        var copy = (TwilioOptions)MemberwiseClone();
        copy.AccountSid = credentials.AccountSid;
        copy.AuthToken = credentials.AuthToken;
        copy.From = credentials.From;
        return copy;
    }
}

/// <summary>The <c>Sms:RateLimit</c> section.</summary>
public sealed class SmsRateLimitOptions
{
    /// <summary>
    /// SMS one user's number may receive in any hour, across all instances (0: no limit). Users type their numbers
    /// themselves, so this is the pumping guard; agents' numbers, entered by the help desk, have their own limit.
    /// </summary>
    public int PerRecipientPerHour { get; set; } = 5;

    /// <summary>
    /// <c>Sms:RateLimit:PerAgentNumberPerHour</c>: SMS one agent's number may receive in any hour (0: no limit, the
    /// default): an agent offline through a busy hour must not miss the sixth customer.
    /// </summary>
    public int PerAgentNumberPerHour { get; set; }
}
