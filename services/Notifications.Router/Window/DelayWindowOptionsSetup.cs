using Microsoft.Extensions.Options;
using Notifications.Scheduling;

namespace Notifications.Router.Window;

/// <summary>
/// Reads the windows from each channel's own section (<c>Email:DelaySeconds</c>, ...), where operators look for a
/// channel's settings, and refuses at start a value that is not a whole number of seconds within the delay ladder's reach.
/// </summary>
public sealed class DelayWindowOptionsSetup(IConfiguration configuration) : IConfigureOptions<DelayWindowOptions>, IValidateOptions<DelayWindowOptions>
{
    public static readonly IReadOnlyList<string> Keys = ["Email:DelaySeconds", "Sms:DelaySeconds", "Push:DelaySeconds"];

    public void Configure(DelayWindowOptions options)
    {
        options.EmailSeconds = Read("Email:DelaySeconds", DelayWindowOptions.DefaultEmailSeconds);
        options.SmsSeconds = Read("Sms:DelaySeconds", 0);
        options.PushSeconds = Read("Push:DelaySeconds", 0);
    }

    public ValidateOptionsResult Validate(string? name, DelayWindowOptions options)
    {
        var problems = new List<string>();
        foreach (var key in Keys)
        {
            var raw = configuration[key];
            if (!string.IsNullOrWhiteSpace(raw) && !int.TryParse(raw.Trim(), out _))
                problems.Add($"{key} must be a whole number of seconds, not '{raw}'.");
        }
        var max = (int)DelayLevels.MaxDelay.TotalSeconds;
        foreach (var (key, seconds) in new[] { (Keys[0], options.EmailSeconds), (Keys[1], options.SmsSeconds), (Keys[2], options.PushSeconds) })
        {
            if (seconds < 0 || seconds > max)
                problems.Add($"{key} must be between 0 (send at once) and {max} seconds, not {seconds}.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>An unreadable value keeps the default here; <see cref="Validate"/> names it, so the router does not start with it.</summary>
    private int Read(string key, int fallback) =>
        int.TryParse(configuration[key]?.Trim(), out var seconds) ? seconds : fallback;
}
