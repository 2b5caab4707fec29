using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// What checking Twilio's webhook signatures needs, read from the SMS sender's own keys (<c>Sms:Twilio:AuthToken</c>,
/// <c>Sms:Twilio:PublicWebhookBaseUrl</c>: an operators' contract, never renamed) by the gateway, which receives the
/// webhooks. A Twilio set entered at run time replaces the configured token, as it does for the SMS sender.
/// </summary>
public sealed class TwilioWebhookSigning
{
    public const string Section = "Sms:Twilio";

    /// <summary>Secret: never logged and never part of an error message.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The public base URL Twilio calls (<c>https://notifications.example.com</c>); unset: the request URL.</summary>
    public string? PublicWebhookBaseUrl { get; set; }

    /// <summary>These settings with the run-time Twilio token in place of the configured one (this instance when none was entered).</summary>
    public TwilioWebhookSigning WithRuntimeCredentials(RuntimeProviderSettings stored) =>
        stored.Twilio is not { } credentials
            ? this
            : new TwilioWebhookSigning { AuthToken = credentials.AuthToken, PublicWebhookBaseUrl = PublicWebhookBaseUrl };
}

public static class TwilioWebhookSigningRegistration
{
    /// <summary>Registers <see cref="IRuntimeOptions{T}"/> of <see cref="TwilioWebhookSigning"/>, with the cipher that reads a stored token.</summary>
    public static IHostApplicationBuilder AddTwilioWebhookSigning(this IHostApplicationBuilder builder)
    {
        builder.AddStoredDocuments();
        // The SMS sender's own rule for the same key: a malformed base would only show as every signature failing.
        builder.Services.AddOptions<TwilioWebhookSigning>().BindConfiguration(TwilioWebhookSigning.Section)
            .Validate(signing => IsHttpUrlOrUnset(signing.PublicWebhookBaseUrl),
                $"{TwilioWebhookSigning.Section}:PublicWebhookBaseUrl must be an absolute http or https URL.")
            .ValidateOnStart();
        builder.Services.AddRuntimeOptions<TwilioWebhookSigning>((configured, stored) => configured.WithRuntimeCredentials(stored));
        return builder;
    }

    private static bool IsHttpUrlOrUnset(string? url) =>
        string.IsNullOrWhiteSpace(url) || (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https");
}

/// <summary>Where Twilio calls the gateway: the SMS sender asks for status callbacks at <c>{PublicWebhookBaseUrl}/twilio/status</c>.</summary>
public static class TwilioWebhookPaths
{
    public const string Status = "/twilio/status";
    public const string Inbound = "/twilio/inbound";
}
