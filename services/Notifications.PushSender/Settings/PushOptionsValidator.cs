using Microsoft.Extensions.Options;

namespace Notifications.PushSender.Settings;

/// <summary>
/// The cross-field rules of the <c>Push</c> section. Every failure names the configuration key to fix and
/// none quotes an API key or secret key.
/// </summary>
public sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        var failures = new List<string>();
        var oneSignal = options.OneSignal;
        var beams = options.PusherBeams;

        if (!string.IsNullOrWhiteSpace(options.Provider))
        {
            if (!PushProviders.TryParse(options.Provider, out var provider))
                failures.Add($"Push:Provider '{options.Provider}' is not a push provider: use OneSignal or PusherBeams.");
            else if (provider == PushProvider.OneSignal && !oneSignal.IsConfigured)
                failures.Add("Push:Provider is OneSignal but Push:OneSignal:AppId and Push:OneSignal:ApiKey are not both set.");
            else if (provider == PushProvider.PusherBeams && !beams.IsConfigured)
                failures.Add("Push:Provider is PusherBeams but Push:PusherBeams:InstanceId and Push:PusherBeams:SecretKey are not both set.");
        }

        // Half a credential pair is a deployment mistake: refuse rather than silently use the other provider.
        RequirePair(failures, oneSignal.AppId, "Push:OneSignal:AppId", oneSignal.ApiKey, "Push:OneSignal:ApiKey");
        RequirePair(failures, beams.InstanceId, "Push:PusherBeams:InstanceId", beams.SecretKey, "Push:PusherBeams:SecretKey");

        RequireHttpUrl(failures, oneSignal.BaseUrl, "Push:OneSignal:BaseUrl");
        if (!string.IsNullOrWhiteSpace(beams.BaseUrl))
            RequireHttpUrl(failures, beams.BaseUrl, "Push:PusherBeams:BaseUrl");
        else if (!string.IsNullOrWhiteSpace(beams.InstanceId) && Uri.CheckHostName(beams.InstanceId + ".pushnotifications.pusher.com") != UriHostNameType.Dns)
            failures.Add($"Push:PusherBeams:InstanceId '{beams.InstanceId}' cannot be part of a host name; check the instance id.");

        // Any absolute URI: a user's link may be an app's own scheme (helpdesk://) as well as a web page.
        RequireAbsoluteUrl(failures, options.AdminBaseUrl, "Push:AdminBaseUrl");
        RequireAbsoluteUrl(failures, options.UserBaseUrl, "Push:UserBaseUrl");

        if (oneSignal.MaxPerSecond < 0)
            failures.Add("Push:OneSignal:MaxPerSecond must be 0 (unlimited) or more.");
        if (beams.MaxPerSecond < 0)
            failures.Add("Push:PusherBeams:MaxPerSecond must be 0 (unlimited) or more.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePair(List<string> failures, string? first, string firstKey, string? second, string secondKey)
    {
        if (!string.IsNullOrWhiteSpace(first) && string.IsNullOrWhiteSpace(second))
            failures.Add($"{secondKey} is required when {firstKey} is set.");
        if (string.IsNullOrWhiteSpace(first) && !string.IsNullOrWhiteSpace(second))
            failures.Add($"{firstKey} is required when {secondKey} is set.");
    }

    private static void RequireAbsoluteUrl(List<string> failures, string? value, string key)
    {
        // On Linux "/x" parses as an absolute file URI: a path is not a link either.
        if (!string.IsNullOrWhiteSpace(value) && (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.IsFile))
            failures.Add($"{key} '{value}' must be an absolute URL.");
    }

    private static void RequireHttpUrl(List<string> failures, string? value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            failures.Add($"{key} '{value}' must be an absolute http or https URL.");
    }
}
