using System.Text.RegularExpressions;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// What a run-time credential set must hold before it is stored. A set is complete on its own (it replaces the
/// configured set whole), so it is checked without knowing any sender's configuration. Failures name the field
/// (<c>twilio.from</c>) and never quote a secret.
/// </summary>
public static partial class ProviderCredentialRules
{
    public sealed record Failure(string Field, string Message);

    public const string PushProviderField = "pushProvider";

    public static Failure? Check(RuntimeProviderSettings settings) =>
        Check(settings.Twilio) ?? Check(settings.OneSignal) ?? Check(settings.PusherBeams) ?? Check(settings.PusherChannels)
        ?? CheckPushProvider(settings.PushProvider);

    public static Failure? CheckPushProvider(string? pushProvider) =>
        pushProvider is null || PushProviderNames.All.Contains(pushProvider) ? null
            : new(PushProviderField, $"{PushProviderField} must be {string.Join(" or ", PushProviderNames.All)} (null: the push sender's Push:Provider).");

    public static Failure? Check(TwilioCredentials? twilio)
    {
        if (twilio is null)
            return null;
        if (string.IsNullOrEmpty(twilio.AccountSid) || !AccountSid().IsMatch(twilio.AccountSid))
            return new("twilio.accountSid", "twilio.accountSid must be the account SID from the Twilio console: AC and 32 letters or digits.");
        if (Secret("twilio.authToken", twilio.AuthToken) is { } badToken)
            return badToken;
        if (string.IsNullOrEmpty(twilio.From) || !SenderIds.IsValid(twilio.From))
            return new("twilio.from", "twilio.from must be an E.164 phone number (+ and 8-15 digits) or an alphanumeric sender ID (1-11 letters, digits or spaces, at least one letter).");
        return null;
    }

    public static Failure? Check(OneSignalCredentials? oneSignal)
    {
        if (oneSignal is null)
            return null;
        if (!Guid.TryParseExact(oneSignal.AppId ?? "", "D", out _))
            return new("oneSignal.appId", "oneSignal.appId must be the app's id from OneSignal's settings, a UUID like 5eb5a37e-b458-11e3-ac11-000c2940e62c.");
        return Secret("oneSignal.apiKey", oneSignal.ApiKey);
    }

    public static Failure? Check(PusherBeamsCredentials? beams)
    {
        if (beams is null)
            return null;
        if (!Guid.TryParseExact(beams.InstanceId ?? "", "D", out _))
            return new("pusherBeams.instanceId", "pusherBeams.instanceId must be the Beams instance id, a UUID like 8f9a6e22-2483-49aa-8552-125f1a4c5781.");
        return Secret("pusherBeams.secretKey", beams.SecretKey);
    }

    public static Failure? Check(PusherChannelsCredentials? pusher)
    {
        if (pusher is null)
            return null;
        if (string.IsNullOrEmpty(pusher.AppId) || !Digits().IsMatch(pusher.AppId))
            return new("pusherChannels.appId", "pusherChannels.appId must be the Channels app id: digits only.");
        if (string.IsNullOrEmpty(pusher.Key) || !Token().IsMatch(pusher.Key))
            return new("pusherChannels.key", "pusherChannels.key must be the app key: letters and digits, no spaces.");
        if (Secret("pusherChannels.secret", pusher.Secret) is { } badSecret)
            return badSecret;
        if (pusher.Cluster is not null && !Cluster().IsMatch(pusher.Cluster))
            return new("pusherChannels.cluster", "pusherChannels.cluster must be a cluster name like mt1, eu or ap1.");
        return null;
    }

    private static Failure? Secret(string field, string? value) =>
        string.IsNullOrEmpty(value)
            ? new(field, $"{field} is required.")
            : value.Length > 256 || !Token().IsMatch(value)
                ? new(field, $"{field} must be the secret as the provider shows it: at most 256 characters, no spaces or control characters.")
                : null;

    [GeneratedRegex("^AC[0-9A-Za-z]{32}$")]
    private static partial Regex AccountSid();

    [GeneratedRegex("^[0-9]{1,20}$")]
    private static partial Regex Digits();

    // Printable ASCII without spaces: what provider keys and secrets are made of.
    [GeneratedRegex("^[!-~]{1,256}$")]
    private static partial Regex Token();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex Cluster();
}
