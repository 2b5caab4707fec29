using System.Net;
using Microsoft.Extensions.Options;
using Notifications.SharedState.Webhooks;

namespace Notifications.WebhookSender.Settings;

/// <summary>Every failure names the configuration key to fix; none quotes the signing key, nor the URL's path or query (which may hold a token).</summary>
public sealed class WebhookOptionsValidator(IHostEnvironment environment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutSeconds is < 1 or > 300)
            failures.Add("Webhooks:TimeoutSeconds must be between 1 and 300.");
        foreach (var unknown in options.EventNames.Where(eventName => !WebhookEvents.ByName.ContainsKey(eventName)))
            failures.Add($"Webhooks:Events '{unknown}' is no event the system publishes back; use {string.Join(", ", WebhookEvents.ByName.Keys)}.");

        if (options.Enabled)
        {
            if (UrlProblem(options.Url!) is { } problem)
                failures.Add(problem);
            if (string.IsNullOrWhiteSpace(options.SigningKey))
                failures.Add("Webhooks:SigningKey is required when Webhooks:Url is set: every webhook is signed, so the platform can tell it from a forgery.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string? UrlProblem(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Webhooks:Url must be an absolute https URL, such as https://platform.example.com/notifications/webhooks.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Webhooks:Url must not carry a user name or password: the signature authenticates each request.";
        // Plain http would carry participants' data and the signature in the clear; only a receiver on this machine is exempt.
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri) && !environment.IsEnvironment("Testing"))
            return $"Webhooks:Url must use https (http is accepted only for a loopback host such as localhost); it names http://{uri.Authority}.";
        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
