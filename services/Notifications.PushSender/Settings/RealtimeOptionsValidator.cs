using Microsoft.Extensions.Options;

namespace Notifications.PushSender.Settings;

/// <summary>
/// The cross-field rules of the <c>Realtime</c> section. Every failure names the key to fix; none quotes the secret.
/// </summary>
public sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions options)
    {
        var failures = new List<string>();
        var pusher = options.Pusher;
        var set = new[] { pusher.AppId, pusher.Key, pusher.Secret }.Count(value => !string.IsNullOrWhiteSpace(value));
        // Part of a credential set is a deployment mistake: refuse rather than silently record.
        if (set is > 0 and < 3)
            failures.Add("Realtime:Pusher:AppId, Realtime:Pusher:Key and Realtime:Pusher:Secret must be set together.");

        if (string.IsNullOrWhiteSpace(pusher.BaseUrl))
        {
            if (Uri.CheckHostName($"api-{pusher.Cluster}.pusher.com") != UriHostNameType.Dns)
                failures.Add($"Realtime:Pusher:Cluster '{pusher.Cluster}' cannot be part of a host name (for example mt1, eu, ap1).");
        }
        else
        {
            RequireHttpUrl(failures, pusher.BaseUrl, "Realtime:Pusher:BaseUrl");
        }

        if (pusher.MaxPerSecond < 0)
            failures.Add("Realtime:Pusher:MaxPerSecond must be 0 (unlimited) or more.");

        if (!string.IsNullOrWhiteSpace(options.AdminBaseUrl))
            RequireHttpUrl(failures, options.AdminBaseUrl, "Realtime:AdminBaseUrl");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireHttpUrl(List<string> failures, string? value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            failures.Add($"{key} '{value}' must be an absolute http or https URL.");
    }
}
