using System.ComponentModel.DataAnnotations;

namespace Notifications.SmsSender.Options;

/// <summary>The <c>Sms</c> configuration section (see docs of the configuration contract).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Twilio credentials and sender; without credentials SMS are recorded to <see cref="RecordDirectory"/>.</summary>
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>Where SMS are written as JSON files when no Twilio credentials are configured.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:RecordDirectory must not be empty.")]
    public string RecordDirectory { get; set; } = "var/sms-outbox";

    /// <summary>Twilio is used only when both the account SID and the auth token are set.</summary>
    public bool UsesTwilio =>
        !string.IsNullOrWhiteSpace(Twilio.AccountSid) && !string.IsNullOrWhiteSpace(Twilio.AuthToken);
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
}
